// The curl options the in-page terminal understands, parsed as curl does: -i, -v, -s, -I, -X, -H, -d (and their long
// names); -S, -L and -f are accepted and change nothing here (no redirects, errors always shown).
import { tokens, UsageError } from './usage.ts';

export const CURL_USAGE = 'usage: curl [-i] [-v] [-s] [-I] [-X METHOD] [-H "Name: value"]... [-d DATA] URL';

export interface CurlArgs {
  url: string | undefined;
  include: boolean;
  verbose: boolean;
  silent: boolean;
  method: string | undefined;
  headers: Record<string, string>;
  data: string | undefined;
}

const OPTIONS = {
  include: { type: 'boolean', short: 'i' },
  verbose: { type: 'boolean', short: 'v' },
  silent: { type: 'boolean', short: 's' },
  head: { type: 'boolean', short: 'I' },
  request: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd', multiple: true },
  'data-raw': { type: 'string', multiple: true },
  'show-error': { type: 'boolean', short: 'S' },
  location: { type: 'boolean', short: 'L' },
  fail: { type: 'boolean', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Throws UsageError; 'help' for -h/--help. */
export function parseCurlArgs(argv: readonly string[]): CurlArgs | 'help' {
  const o: CurlArgs = { url: undefined, include: false, verbose: false, silent: false, method: undefined, headers: {}, data: undefined };
  for (const t of tokens(argv, OPTIONS)) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (o.url !== undefined) throw new UsageError(`one URL at a time here (got "${o.url}" and "${t.value}")`);
      o.url = t.value;
      continue;
    }
    const v = t.value ?? '';
    switch (t.name) {
      case 'help': return 'help';
      case 'include': o.include = true; break;
      case 'verbose': o.verbose = true; break;
      case 'silent': o.silent = true; break;
      case 'head': o.method = 'HEAD'; o.include = true; break;
      case 'request': o.method = v; break;
      case 'header': {
        const at = v.indexOf(':');
        if (at < 1) throw new UsageError(`bad header "${v}": write it as "Name: value"`);
        o.headers[v.slice(0, at).trim()] = v.slice(at + 1).trim();
        break;
      }
      case 'data': case 'data-raw': o.data = o.data === undefined ? v : `${o.data}&${v}`; break;
      default: break; // -S, -L, -f
    }
  }
  return o;
}
