// The bounds every guest runs within, as options with defaults. Each is hit as a guest would meet it on a
// native system: an errno from the call that went too far, never a trap, a host crash or unbounded memory.
export interface RuntimeLimits {
  /** descriptors open at once; the next open, socket or accept gets EMFILE (Linux's default `ulimit -n`) */
  maxFds: number;
  /** bytes in one file; a write or truncate past it gets EFBIG */
  maxFileBytes: number;
  /** bytes in all files of one filesystem together; a write past it gets ENOSPC */
  maxFsBytes: number;
  /** names (files, directories, links) in one filesystem; creating one more gets ENOSPC */
  maxFsEntries: number;
  /** characters of one server log line; a longer line is cut and marked, the rest of it dropped */
  maxLogLineChars: number;
}

export const DEFAULT_LIMITS: Readonly<RuntimeLimits> = Object.freeze({
  maxFds: 1024,
  maxFileBytes: 64 * 1024 * 1024,
  maxFsBytes: 128 * 1024 * 1024,
  maxFsEntries: 10_000,
  maxLogLineChars: 16 * 1024,
});

/** The defaults with some replaced; a value that is not a positive integer keeps its default. */
export function limitsWith(partial: Partial<RuntimeLimits> = {}): RuntimeLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof RuntimeLimits)[]) {
    const v = partial[key];
    if (v !== undefined && Number.isSafeInteger(v) && v > 0) out[key] = v;
  }
  return out;
}
