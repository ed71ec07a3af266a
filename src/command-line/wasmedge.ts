// `wasmedge [options] <module.wasm> [args...]` as the in-page terminal understands it: options before the module
// are wasmedge's, everything after it is the module's (as the real wasmedge reads its command line).
import { pair, tokens, UsageError } from './usage.ts';
import { SERVER_MODULE } from '../course/facts.ts';

export const WASMEDGE_USAGE = 'usage: wasmedge [--env NAME=value]... <module.wasm> [args...]';

export interface WasmedgeArgs {
  file: string;
  env: Record<string, string>;
  /** --dir given: the page has no host folder to share */
  dirs: string[];
  guestArgs: string[];
}

const OPTIONS = {
  env: { type: 'string', multiple: true },
  dir: { type: 'string', multiple: true },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Throws UsageError; 'help' / 'version' for those flags; undefined file when none was given. */
export function parseWasmedgeArgs(argv: readonly string[]): WasmedgeArgs | 'help' | 'version' {
  // wasmedge's own options end at the first word that is not one of them (the module).
  let end = 0;
  while (end < argv.length && argv[end]!.startsWith('-') && argv[end] !== '--') end += /^--(env|dir)$/.test(argv[end]!) ? 2 : 1;
  const own = argv.slice(0, Math.min(end, argv.length));
  const rest = argv.slice(own.length);
  const out: WasmedgeArgs = { file: '', env: {}, dirs: [], guestArgs: [] };
  for (const t of tokens(own, OPTIONS)) {
    if (t.kind !== 'option') continue;
    if (t.name === 'help') return 'help';
    if (t.name === 'version') return 'version';
    if (t.name === 'dir') out.dirs.push(t.value ?? '');
    if (t.name === 'env') {
      const [k, v] = pair('--env', t.value ?? '');
      out.env[k] = v;
    }
  }
  const [first, ...guestArgs] = rest[0] === '--' ? rest.slice(1) : rest;
  if (first === undefined) throw new UsageError(`which module? e.g. wasmedge ${SERVER_MODULE} &`);
  out.file = first;
  out.guestArgs = guestArgs;
  return out;
}
