// The proof code `containerless verify` prints and the course page reads: which steps passed their check on the
// learner's machine, the version of the checks, and a hash of what was observed. One module for both ends, so
// the CLI and the page can never disagree on the format. Plain TS, no DOM, no Node: nothing to install, no account.
//
// Format: CLV1.<checks version>.<passed steps>.<observations>.<checksum>
//   checks version: 6 hex digits, a hash of the catalog's step ids and the check each one runs
//   passed steps:   hex bitmap over the catalog's steps, in catalog order
//   observations:   8 hex digits, a hash of every check's result as printed
//   checksum:       4 hex digits over all of the above, so a typo or a truncated paste is caught
// It is a checksum, not a signature: it proves the code came through intact, not who produced it.

export const VERIFY_CODE_PREFIX = 'CLV1';

/** A guided step that `containerless verify` can check, as both ends know it from src/steps/. */
export interface CheckedStep {
  id: string;
  /** The check that proves it. */
  check: string;
  /** The lesson that shows it, when one does (its marks are kept under that lesson). */
  lesson?: string | undefined;
}

export type DecodedVerifyCode =
  | { ok: true; steps: CheckedStep[]; observations: string; version: string }
  | { ok: false; message: string };

/** FNV-1a, 32 bits: small, the same in Node and every browser, enough to catch a damaged code. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const hex = (n: number, digits: number) => n.toString(16).padStart(8, '0').slice(-digits);

/** Changes whenever a step is added, removed, reordered or checked differently. */
export function checksVersion(catalog: readonly CheckedStep[]): string {
  return hex(fnv1a(catalog.map((s) => `${s.id}=${s.check}`).join('\n')), 6);
}

/** The code for the checks that passed (`passedChecks` are check ids); `observations` is what verify printed. */
export function encodeVerifyCode(catalog: readonly CheckedStep[], passedChecks: Iterable<string>, observations: string): string {
  const passed = new Set(passedChecks);
  let bits = 0n;
  catalog.forEach((step, i) => {
    if (passed.has(step.check)) bits |= 1n << BigInt(i);
  });
  const body = `${VERIFY_CODE_PREFIX}.${checksVersion(catalog)}.${bits.toString(16)}.${hex(fnv1a(observations), 8)}`;
  return `${body}.${hex(fnv1a(body), 4)}`;
}

/** Reads a pasted code; every way it can be wrong gets a message a learner can act on. */
export function decodeVerifyCode(code: string, catalog: readonly CheckedStep[]): DecodedVerifyCode {
  const text = code.trim();
  if (!text.toUpperCase().startsWith(`${VERIFY_CODE_PREFIX}.`)) {
    return { ok: false, message: `That is not a verify code: the code printed at the end of \`containerless verify\` starts with ${VERIFY_CODE_PREFIX}.` };
  }
  const parts = text.split('.');
  const damaged = { ok: false as const, message: 'That verify code is damaged (a character is missing or changed). Copy the whole last line of `containerless verify` again.' };
  if (parts.length !== 5) return damaged;
  const [, version = '', bitmap = '', observations = '', sum = ''] = parts.map((p) => p.toLowerCase());
  if (!/^[0-9a-f]{6}$/.test(version) || !/^[0-9a-f]{1,32}$/.test(bitmap) || !/^[0-9a-f]{8}$/.test(observations) || !/^[0-9a-f]{4}$/.test(sum)) return damaged;
  const body = `${VERIFY_CODE_PREFIX}.${version}.${bitmap}.${observations}`;
  if (hex(fnv1a(body), 4) !== sum) return damaged;
  const expected = checksVersion(catalog);
  if (version !== expected) {
    return {
      ok: false,
      message: `That code comes from another version of the course's checks (${version}; this site checks version ${expected}). Update your copy of the project and run \`containerless verify\` again.`,
    };
  }
  const bits = BigInt(`0x${bitmap}`);
  if (bits >> BigInt(catalog.length) !== 0n) return damaged;
  const steps = catalog.filter((_, i) => (bits >> BigInt(i)) & 1n);
  return { ok: true, steps, observations, version };
}
