// Parsing a command line with `parseArgs` (strict: an unknown option is an error, never ignored), and its errors in
// words a learner can act on. Shared by the CLI and the in-page terminal, so one command means the same in both.
import { parseArgs } from '#parse-args';

/** The command line is wrong; the message says how, and the caller adds the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** One option or positional as typed, in order (values of repeated options keep their order this way). */
export type Token =
  | { kind: 'option'; name: string; rawName: string; value: string | undefined }
  | { kind: 'positional'; value: string }
  | { kind: 'option-terminator' };

/** The tokens of `argv`; throws UsageError for an unknown option or a missing value. */
export function tokens(argv: readonly string[], options: OptionSpec, hint = ''): Token[] {
  try {
    const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true });
    return parsed.tokens.map((t): Token => {
      if (t.kind === 'option') return { kind: 'option', name: t.name, rawName: t.rawName, value: t.value };
      if (t.kind === 'positional') return { kind: 'positional', value: t.value };
      return { kind: 'option-terminator' };
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const name = /'([^']+)'/.exec(message)?.[1]?.split(',')[0] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${name}${hint}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const long = /--[\w-]+/.exec(message)?.[0] ?? name;
      throw new UsageError(message.includes('argument missing') ? `${long} needs a value` : `${long} takes no value`);
    }
    throw new UsageError(message);
  }
}

/** `NAME=VALUE` -> [name, value]; throws UsageError naming the option otherwise. */
export function pair(option: string, text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${option} takes NAME=VALUE, got ${JSON.stringify(text)}`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** A port number from 0 to 65535; '' and anything else is an error, never a random port. */
export function portNumber(option: string, text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${option} must be a number from 0 to 65535, got ${JSON.stringify(text)}`);
  return n;
}
