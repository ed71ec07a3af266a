// The readiness code: one letter per check (p pass, f fail, s skipped) after `CR1.`, so an attendee who has not
// joined (or is offline) can paste it into the page or read it out. DOM-free; the CLI and the page share it.

export const READINESS_CHECKS = ['node', 'container-engine', 'kind', 'kubectl', 'registry-port', 'rust-target'] as const;
export type ReadinessId = (typeof READINESS_CHECKS)[number];
export type ReadinessStatus = 'pass' | 'fail' | 'skip';

const LETTER: Record<ReadinessStatus, string> = { pass: 'p', fail: 'f', skip: 's' };
const STATUS: Record<string, ReadinessStatus> = { p: 'pass', f: 'fail', s: 'skip' };

export const READINESS_TITLES: Record<ReadinessId, string> = {
  node: 'Node.js 22.13 or newer',
  'container-engine': 'A container engine (Docker, Podman or Buildah)',
  kind: 'kind',
  kubectl: 'kubectl',
  'registry-port': 'Port 5001 for the local registry',
  'rust-target': 'Rust with the wasm32-wasip1 target (optional)',
};

export function encodeReadiness(results: ReadonlyArray<{ id: string; status: ReadinessStatus }>): string {
  const letters = READINESS_CHECKS.map((id) => LETTER[results.find((r) => r.id === id)?.status ?? 'skip']);
  return `CR1.${letters.join('')}`;
}

export function decodeReadiness(code: string): Array<{ id: ReadinessId; status: ReadinessStatus }> | undefined {
  const m = /^CR1\.([pfs]{6})$/.exec(code.trim());
  if (!m) return undefined;
  return READINESS_CHECKS.map((id, i) => ({ id, status: STATUS[m[1]?.[i] ?? 's'] ?? 'skip' }));
}
