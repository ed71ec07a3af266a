// Generated names as Kubernetes makes them: the ReplicaSet's pod-template-hash (FNV-32a of the pod template,
// written in the "safe" alphabet without vowels) and a pod's random five-character suffix.

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The pod-template-hash of a template (stable: the same template gives the same ReplicaSet). */
export function templateHash(template: unknown): string {
  // As rand.SafeEncodeString does: the decimal hash, each character's code taken modulo the alphabet's size.
  return String(fnv32a(stableJson(template)))
    .split('')
    .map((d) => ALPHANUMS[d.charCodeAt(0) % ALPHANUMS.length] as string)
    .join('');
}

/** `generateName` plus five random safe characters, as the API server does. */
export function randomSuffix(random: () => number = Math.random, length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMS[Math.floor(random() * ALPHANUMS.length)];
  return out;
}

/** JSON with sorted keys, so equal objects hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
