// One HTTP conformance script for the word server, run against every host (WasmEdge, `containerless run`, the
// in-process runtime): each case sends exact bytes and records the answers, with the random word replaced by a
// placeholder, so the hosts' transcripts can be compared for equality. Hosts must start the module with
// READ_TIMEOUT_SECS=2 (the slow client's 408 then comes after two seconds, time enough for the 20 clients beside it on
// a loaded machine).
import type { Connect, RawConnection, RawResponse } from './raw-http.ts';

export const CONFORMANCE_ENV = { READ_TIMEOUT_SECS: '2' };

const get = (target: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;

/** A response as text, with a random word (and its length) replaced by `<word starting with x>`. */
export function normalise(response: RawResponse, letter?: string): string {
  let body = response.body;
  let headers = response.headerLines;
  if (response.status === 200 && /^[a-z]{3,10}\n$/.test(body) && body !== 'ok\n') {
    if (letter !== undefined && body[0] !== letter) throw new Error(`asked for a word starting with ${letter}, got ${body.trim()}`);
    if (response.headers.get('content-length') !== String(body.length)) throw new Error('Content-Length does not match the body');
    body = letter === undefined ? '<word>\n' : `<word starting with ${letter}>\n`;
    headers = headers.map((h) => (h.toLowerCase().startsWith('content-length:') ? 'Content-Length: <length>' : h));
  }
  return [response.statusLine, ...headers, '', body].join('\n');
}

export interface ConformanceResult {
  /** one entry per case: the case's name and what came back */
  transcript: [string, string][];
  /** ms for each of the 20 normal requests made while one client stalled */
  besideStalled: number[];
}

async function one(connect: Connect, request: string, letter?: string, closeAfter = false): Promise<string> {
  const c = await connect();
  try {
    c.write(request);
    const [response] = await c.responses(1);
    const closed = closeAfter ? await c.closed(3000) : false;
    return normalise(response!, letter) + (closeAfter ? `\n[closed: ${closed}]` : '');
  } finally {
    c.destroy();
  }
}

export async function runConformance(connect: Connect): Promise<ConformanceResult> {
  const transcript: [string, string][] = [];
  const add = (name: string, text: string): void => void transcript.push([name, text]);

  // Every row of lesson 3's table, and the rest of the API.
  add('GET /?starts_with=d', await one(connect, get('/?starts_with=d'), 'd'));
  add('GET /?starts_with=Z', await one(connect, get('/?starts_with=Z'), 'z'));
  add('GET /', await one(connect, get('/')));
  add('GET /healthz', await one(connect, get('/healthz')));
  add('GET /?starts_with=dd', await one(connect, get('/?starts_with=dd')));
  add('GET /?starts_with=7', await one(connect, get('/?starts_with=7')));
  add('GET /?starts_with=', await one(connect, get('/?starts_with=')));
  add('POST /', await one(connect, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n'));
  add('GET /words', await one(connect, get('/words')));
  add('HEAD /healthz', await one(connect, 'HEAD /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n'));

  // Bad requests: an answer, then the server closes.
  const bad: [string, string][] = [
    ['not HTTP', 'HELLO\r\n\r\n'],
    ['no version', 'GET /\r\n\r\n'],
    ['unknown version', 'GET / HTTP/9.9\r\nHost: localhost\r\n\r\n'],
    ['header without colon', 'GET / HTTP/1.1\r\nHost: localhost\r\nno colon\r\n\r\n'],
    ['HTTP/1.1 without Host', 'GET /healthz HTTP/1.1\r\n\r\n'],
    ['two Host headers', 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n'],
    ['Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['head over 8 KiB', `GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(9000)}\r\n\r\n`],
  ];
  for (const [name, request] of bad) add(`bad: ${name}`, await one(connect, request, undefined, true));
  {
    const c = await connect();
    c.write('GET /?starts_with=d HT');
    c.end();
    const [response] = await c.responses(1);
    add('bad: closes mid-head', `${normalise(response!)}\n[closed: ${await c.closed(3000)}]`);
    c.destroy();
  }

  // Keep-alive: requests one after another on one connection, then `Connection: close`.
  {
    const c = await connect();
    const seen: string[] = [];
    const sequence: [string, string | undefined][] = [[get('/healthz'), undefined], [get('/?starts_with=k'), 'k'], [get('/nope'), undefined], [get('/?starts_with=q', 'Connection: close\r\n'), 'q']];
    for (let i = 0; i < sequence.length; i++) {
      const [request, letter] = sequence[i]!;
      c.write(request);
      const responses = await c.responses(i + 1);
      seen.push(normalise(responses[i]!, letter));
    }
    add('keep-alive then Connection: close', `${seen.join('\n---\n')}\n[closed: ${await c.closed(3000)}]`);
    c.destroy();
  }
  add('HTTP/1.0', await one(connect, 'GET /healthz HTTP/1.0\r\n\r\n', undefined, true));
  add('HTTP/1.0 keep-alive', await one(connect, 'GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'));

  // Pipelining: five requests in one write, answered in order; a small body is skipped on the way.
  {
    const c = await connect();
    c.write(get('/healthz') + get('/?starts_with=p') + 'POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello' + get('/?starts_with=x') + get('/healthz', 'Connection: close\r\n'));
    const responses = await c.responses(5);
    const letters = [undefined, 'p', undefined, 'x', undefined];
    add('pipelined', `${responses.map((r, i) => normalise(r, letters[i])).join('\n---\n')}\n[closed: ${await c.closed(3000)}]`);
    c.destroy();
  }

  // 100 requests on one connection.
  {
    const c = await connect();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      c.write(get('/?starts_with=m'));
      const responses = await c.responses(i + 1);
      statuses.push(responses[i]!.status);
    }
    const closedEarly = await c.closed(50);
    add('100 requests on one connection', `${statuses.filter((s) => s === 200).length} x 200, closed early: ${closedEarly}`);
    c.destroy();
  }

  // A slow client beside 20 normal ones: they are answered while it stalls; it gets 408 when its time is up. A client
  // held up behind the stalled one would be answered only after that 408, so it is not counted.
  const besideStalled: number[] = [];
  {
    const slow: RawConnection = await connect();
    // Its half request is written before the others connect (each connect is awaited), so they all arrive while it stalls.
    slow.write('GET /?starts_with=s HTTP/1.1\r\nHost: localhost\r\nX-Slow: y');
    let stalledAnswered = false;
    const stalled = slow.responses(1, 5000).finally(() => (stalledAnswered = true));
    stalled.catch(() => undefined); // its failure is reported where it is awaited, below
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = await connect();
        const started = performance.now();
        c.write(get('/healthz', 'Connection: close\r\n'));
        const [response] = await c.responses(1);
        besideStalled.push(performance.now() - started);
        c.destroy();
        return stalledAnswered ? 'after the stalled one' : response!.status;
      }),
    );
    const [timedOut] = await stalled;
    add('slow client beside 20 others', `${answers.filter((s) => s === 200).length} x 200 while one stalled\n${normalise(timedOut!)}\n[closed: ${await slow.closed(3000)}]`);
    slow.destroy();
  }
  return { transcript, besideStalled };
}
