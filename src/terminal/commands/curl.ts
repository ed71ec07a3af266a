import { HttpError, type HttpResponse } from '../../runtime/index.ts';
import { parseTarget, type Target } from '../../runtime/host/index.ts';
import { CURL_USAGE, parseCurlArgs, type CurlArgs } from '../../command-line/curl.ts';
import { UsageError } from '../../command-line/usage.ts';
import { dim, red } from '../ansi.ts';
import type { CommandContext } from '../context.ts';
import { GUEST_PORT, SERVER_MODULE } from '../../course/facts.ts';

// curl to the servers of the shell's guest host (Workers in the page, one virtual network in Node). The options a learner needs for the course, with curl's own
// messages and exit codes, so what they see here matches what they will see on their machine.

const CODES: Record<HttpError['code'], number> = { ECONNREFUSED: 7, EHOSTUNREACH: 6, ETIMEDOUT: 28, EMPTYREPLY: 52, EBADRESPONSE: 8, EBADURL: 3, EPROTO: 1 };
const USAGE = `${CURL_USAGE}\n`;

/** What Tab offers after `curl`: the course's server and its routes. */
export const curlTargets: readonly string[] = [`localhost:${GUEST_PORT}/`, `localhost:${GUEST_PORT}/?starts_with=`, `localhost:${GUEST_PORT}/healthz`];

export async function curl(ctx: CommandContext, args: string[]): Promise<number> {
  let o: CurlArgs | 'help';
  try {
    o = parseCurlArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const unknown = /^unknown option (\S+)/.exec(error.message)?.[1];
    ctx.write(red(unknown ? `curl: option ${unknown}: is unknown in this terminal` : `curl: ${error.message}`) + `\n${USAGE}`);
    return 2;
  }
  if (o === 'help') {
    ctx.write(USAGE + '  -i  show the response status line and headers\n  -v  show the request and response as they go over the wire\n  -s  silent: no error messages\n  -I  HEAD request, headers only\n  -X  request method (GET, POST, ...)\n  -H  add a request header\n  -d  send data in the body (POST unless -X says otherwise)\n');
    return 0;
  }
  if (!o.url) {
    ctx.write(red('curl: no URL specified\n') + USAGE + dim(`Try: curl localhost:${GUEST_PORT}/?starts_with=d\n`));
    return 2;
  }
  // The URL is checked once, here; the host sends the checked target on as it is.
  let url: Target;
  try {
    // Which names resolve is the host's to say (a pod's curl on lessons 6-8 reaches Services by name).
    url = parseTarget(o.url, { guessScheme: true, anyHost: true });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return o.silent ? CODES[error.code] : urlProblem(ctx, o.url, error);
  }
  const port = url.port;
  const method = o.method ?? (o.data !== undefined ? 'POST' : 'GET');
  const headers = { ...o.headers };
  if (o.data !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  if (o.verbose) ctx.write(dim(`*   Trying 127.0.0.1:${port}...\n`));
  let res: HttpResponse;
  try {
    res = await ctx.host.request(url, { method, headers, ...(o.data !== undefined ? { body: o.data } : {}) });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const code = CODES[error.code];
    if (o.silent) return code;
    if (error.code === 'EHOSTUNREACH') return urlProblem(ctx, o.url, error);
    if (error.code === 'ECONNREFUSED') {
      ctx.write(red(`curl: (7) Failed to connect to ${url.hostname} port ${port} after 0 ms: Connection refused\n`));
      const running = ctx.jobs().filter((j) => j.state === 'Running');
      if (running.length > 0) ctx.write(dim(`Nothing listens on port ${port}; your server listens on port ${running.map((j) => j.server.port).join(', ')}.\n`));
      else ctx.write(dim(`Nothing listens on port ${port} yet. Start the server first: wasmedge ${SERVER_MODULE} &\n`));
    } else {
      ctx.write(red(`curl: (${code}) ${error.message}\n`));
    }
    return code;
  }
  const head = responseHead(res);
  if (o.verbose) {
    ctx.write(dim(`* Connected to ${url.hostname} (127.0.0.1) port ${port}\n`));
    const [reqHead = ''] = splitMessage(res.rawRequest);
    for (const line of reqHead.split('\r\n')) ctx.write(dim(`> ${line}\n`));
    ctx.write(dim('>\n'));
    for (const line of head) ctx.write(dim(`< ${line}\n`));
    ctx.write(dim('<\n'));
  } else if (o.include) {
    ctx.write(`${head.join('\n')}\n\n`);
  }
  if (method !== 'HEAD') ctx.write(res.body);
  if (o.verbose) ctx.write(dim(`${res.body.endsWith('\n') || res.body === '' ? '' : '\n'}* answered in ${res.timings.totalMs.toFixed(2)} ms (first byte after ${res.timings.firstByteMs.toFixed(2)} ms)\n`));
  return 0;
}

/** The status line and headers, from the parsed response (names as the server wrote them, as curl shows them). */
function responseHead(res: HttpResponse): string[] {
  const status = `${res.httpVersion} ${res.status}${res.statusText === '' ? '' : ` ${res.statusText}`}`;
  return [status, ...res.headerList.map(([name, value]) => `${name}: ${value}`)];
}

function splitMessage(raw: string): [string, string] {
  const at = raw.indexOf('\r\n\r\n');
  return at < 0 ? [raw, ''] : [raw.slice(0, at), raw.slice(at + 4)];
}

/** A URL curl cannot use here: malformed, not http://, or a host other than localhost (curl's codes 3, 7, 6). */
function urlProblem(ctx: CommandContext, raw: string, error: HttpError): number {
  if (error.code === 'EBADURL') {
    ctx.write(red(`curl: (3) URL rejected: Malformed input to a URL function ("${raw}")\n`));
    return 3;
  }
  if (error.code === 'EPROTO') {
    const u = new URL(raw);
    if (u.protocol === 'https:') {
      ctx.write(red(`curl: (7) Failed to connect to ${u.hostname} port ${u.port || 443}: the servers in this page speak plain HTTP; use http://\n`));
      return 7;
    }
    ctx.write(red(`curl: (1) Protocol "${u.protocol.replace(/:$/, '')}" not supported: ${error.message}\n`));
    return 1;
  }
  const host = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? new URL(raw).hostname : new URL(`http://${raw}`).hostname;
  ctx.write(red(`curl: (6) Could not resolve host: ${host}\n`) + dim('This page has no internet: only localhost exists on its virtual network.\n'));
  return 6;
}
