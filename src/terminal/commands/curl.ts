import { HttpError, type HttpResponse } from '../../runtime/index.ts';
import { dim, red } from '../ansi.ts';
import type { CommandContext } from '../context.ts';

// curl to the servers of the shell's guest host (Workers in the page, one virtual network in Node). The options a learner needs for the course, with curl's own
// messages and exit codes, so what they see here matches what they will see on their machine.

const USAGE = 'usage: curl [-i] [-v] [-s] [-I] [-X METHOD] [-H "Name: value"]... [-d DATA] URL\n';

interface CurlOptions {
  url?: string;
  include: boolean;
  verbose: boolean;
  silent: boolean;
  method?: string;
  headers: Record<string, string>;
  data?: string;
}

function parse(args: string[]): CurlOptions | string {
  const o: CurlOptions = { include: false, verbose: false, silent: false, headers: {} };
  const takesValue: Record<string, (v: string) => string | undefined> = {
    X: (v) => ((o.method = v), undefined),
    H: (v) => {
      const at = v.indexOf(':');
      if (at < 1) return `curl: bad header "${v}": write it as "Name: value"`;
      o.headers[v.slice(0, at).trim()] = v.slice(at + 1).trim();
      return undefined;
    },
    d: (v) => ((o.data = o.data === undefined ? v : `${o.data}&${v}`), undefined),
  };
  const long: Record<string, string> = { '--request': 'X', '--header': 'H', '--data': 'd', '--data-raw': 'd', '--include': 'i', '--verbose': 'v', '--silent': 's', '--head': 'I' };
  for (let i = 0; i < args.length; i++) {
    let a = args[i] as string;
    if (a in long) a = `-${long[a]}`;
    if (a === '--help' || a === '-h') return 'help';
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const flag = a[j] as string;
        const setter = takesValue[flag];
        if (setter) {
          const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (value === undefined) return `curl: option -${flag}: requires a value\n${USAGE}`;
          const problem = setter(value);
          if (problem) return problem;
          break;
        }
        if (flag === 'i') o.include = true;
        else if (flag === 'v') o.verbose = true;
        else if (flag === 's') o.silent = true;
        else if (flag === 'I') (o.method = 'HEAD'), (o.include = true);
        else if (flag === 'S' || flag === 'L' || flag === 'f') continue; // harmless here: no redirects, errors always shown
        else return `curl: option ${a}: is unknown in this terminal\n${USAGE}`;
      }
    } else if (o.url === undefined) o.url = a;
    else return `curl: one URL at a time here (got "${o.url}" and "${a}")`;
  }
  return o;
}

/** `localhost:8090/x` -> `http://localhost:8090/x`, as curl guesses the scheme. */
export function normaliseUrl(raw: string): URL | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  try {
    return new URL(withScheme);
  } catch {
    return undefined;
  }
}

const CODES: Record<HttpError['code'], number> = { ECONNREFUSED: 7, EHOSTUNREACH: 6, ETIMEDOUT: 28, EMPTYREPLY: 52, EBADRESPONSE: 8 };

export async function curl(ctx: CommandContext, args: string[]): Promise<number> {
  const o = parse(args);
  if (o === 'help') {
    ctx.write(USAGE + '  -i  show the response status line and headers\n  -v  show the request and response as they go over the wire\n  -s  silent: no error messages\n  -I  HEAD request, headers only\n  -X  request method (GET, POST, ...)\n  -H  add a request header\n  -d  send data in the body (POST unless -X says otherwise)\n');
    return 0;
  }
  if (typeof o === 'string') {
    ctx.write(red(o) + '\n');
    return 2;
  }
  if (!o.url) {
    ctx.write(red('curl: no URL specified\n') + USAGE + dim('Try: curl localhost:8090/?starts_with=d\n'));
    return 2;
  }
  const url = normaliseUrl(o.url);
  if (!url) {
    ctx.write(red(`curl: (3) URL rejected: Malformed input to a URL function ("${o.url}")\n`));
    return 3;
  }
  if (url.protocol === 'https:') {
    ctx.write(red(`curl: (7) Failed to connect to ${url.hostname} port ${url.port || 443}: the servers in this page speak plain HTTP; use http://\n`));
    return 7;
  }
  const port = url.port === '' ? 80 : Number(url.port);
  const method = o.method ?? (o.data !== undefined ? 'POST' : 'GET');
  const headers = { ...o.headers };
  if (o.data !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  if (o.verbose) ctx.write(dim(`*   Trying 127.0.0.1:${port}...\n`));
  let res: HttpResponse;
  try {
    res = await ctx.host.request(url.href, { method, headers, ...(o.data !== undefined ? { body: o.data } : {}) });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const code = CODES[error.code];
    if (o.silent) return code;
    if (error.code === 'ECONNREFUSED') {
      ctx.write(red(`curl: (7) Failed to connect to ${url.hostname} port ${port} after 0 ms: Connection refused\n`));
      const running = ctx.jobs().filter((j) => j.state === 'Running');
      if (running.length > 0) ctx.write(dim(`Nothing listens on port ${port}; your server listens on port ${running.map((j) => j.server.port).join(', ')}.\n`));
      else ctx.write(dim(`Nothing listens on port ${port} yet. Start the server first: wasmedge word_generator.wasm &\n`));
    } else if (error.code === 'EHOSTUNREACH' && !/protocol/.test(error.message)) {
      ctx.write(red(`curl: (6) Could not resolve host: ${url.hostname}\n`) + dim('This page has no internet: only localhost exists on its virtual network.\n'));
    } else {
      ctx.write(red(`curl: (${code}) ${error.message}\n`));
    }
    return code;
  }
  const [head = ''] = splitMessage(res.rawResponse);
  if (o.verbose) {
    ctx.write(dim(`* Connected to ${url.hostname} (127.0.0.1) port ${port}\n`));
    const [reqHead = ''] = splitMessage(res.rawRequest);
    for (const line of reqHead.split('\r\n')) ctx.write(dim(`> ${line}\n`));
    ctx.write(dim('>\n'));
    for (const line of head.split('\r\n')) ctx.write(dim(`< ${line}\n`));
    ctx.write(dim('<\n'));
  } else if (o.include) {
    ctx.write(head.replace(/\r\n/g, '\n') + '\n\n');
  }
  if (method !== 'HEAD') ctx.write(res.body);
  if (o.verbose) ctx.write(dim(`${res.body.endsWith('\n') || res.body === '' ? '' : '\n'}* answered in ${res.timings.totalMs.toFixed(2)} ms (first byte after ${res.timings.firstByteMs.toFixed(2)} ms)\n`));
  return 0;
}

function splitMessage(raw: string): [string, string] {
  const at = raw.indexOf('\r\n\r\n');
  return at < 0 ? [raw, ''] : [raw.slice(0, at), raw.slice(at + 4)];
}
