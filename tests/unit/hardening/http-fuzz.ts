// Seeded generators of HTTP requests for the server fuzz test: well-formed ones, mutated ones and plain noise.
// The same seed gives the same sequence, so a failure names a seed and an index that reproduce it.

/** mulberry32: small, fast, good enough to pick mutations. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const enc = new TextEncoder();
const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'get', 'G ET', ''];
const PATHS = ['/', '/?starts_with=d', '/?starts_with=', '/?starts_with=%', '/?starts_with=%ZZ', '/?starts_with=%C3%A9', '/?count=99999999999999999999',
  '/health', '/../../etc/passwd', '//', '*', 'http://localhost:8090/', '/?starts_with=d&starts_with=k', '/?a=b=c&&&', '/%00', '/?starts_with=\u00e9'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.', 'HTTP/9.9', 'HTTPS/1.1', ''];
const HEADERS = ['Host: localhost:8090', 'Accept: */*', 'User-Agent: fuzz', 'Content-Length: 0', 'Content-Length: 5', 'Content-Length: -1',
  'Content-Length: 99999999999999999999', 'Content-Length: abc', 'Transfer-Encoding: chunked', 'Connection: keep-alive', 'Connection: close',
  'Expect: 100-continue', 'X-Empty:', ': no-name', 'No-Colon', 'Host: ', 'Host: a\u0000b'];

export interface FuzzCase {
  kind: 'valid' | 'mutated' | 'noise';
  bytes: Uint8Array;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function validRequest(rnd: () => number): Uint8Array {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const path = rnd() < 0.5 ? `/?starts_with=${letters[Math.floor(rnd() * 26)]}` : pick(rnd, PATHS);
  const headers = ['Host: localhost:8090'];
  const extra = Math.floor(rnd() * 4);
  for (let i = 0; i < extra; i++) headers.push(pick(rnd, HEADERS.slice(1, 4)));
  return enc.encode(`GET ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
}

function structuredRequest(rnd: () => number): Uint8Array {
  const headers: string[] = [];
  const count = Math.floor(rnd() * 8);
  for (let i = 0; i < count; i++) headers.push(pick(rnd, HEADERS));
  if (rnd() < 0.05) headers.push(`X-Long: ${'a'.repeat(Math.floor(rnd() * 40_000))}`);
  if (rnd() < 0.03) for (let i = 0; i < 300; i++) headers.push(`X-H${i}: ${i}`);
  const eol = rnd() < 0.1 ? '\n' : '\r\n';
  const body = rnd() < 0.2 ? 'x'.repeat(Math.floor(rnd() * 64)) : '';
  return enc.encode(`${pick(rnd, METHODS)} ${pick(rnd, PATHS)} ${pick(rnd, VERSIONS)}${eol}${headers.join(eol)}${eol}${eol}${body}`);
}

function mutate(rnd: () => number, input: Uint8Array): Uint8Array {
  let bytes = Array.from(input);
  const rounds = 1 + Math.floor(rnd() * 4);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(rnd() * (bytes.length + 1));
    switch (Math.floor(rnd() * 8)) {
      case 0: if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = Math.floor(rnd() * 256); break; // flip a byte
      case 1: bytes.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256))); break; // insert noise
      case 2: bytes.splice(at, 1 + Math.floor(rnd() * 16)); break; // delete a run
      case 3: bytes = bytes.slice(0, at); break; // truncate
      case 4: bytes.splice(at, 0, ...bytes.slice(at, at + 1 + Math.floor(rnd() * 64))); break; // duplicate a run
      case 5: bytes.splice(at, 0, 13, 10); break; // an extra line break
      case 6: bytes.splice(at, 0, 0); break; // a NUL
      default: bytes.splice(at, 0, ...Array.from(enc.encode(pick(rnd, HEADERS) + '\r\n'))); break; // a stray header line
    }
  }
  return Uint8Array.from(bytes);
}

/** The `index`-th case of a run: independent of the others, so any one can be replayed on its own. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const rnd = seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const roll = rnd();
  if (roll < 0.2) return { kind: 'valid', bytes: validRequest(rnd) };
  if (roll < 0.9) return { kind: 'mutated', bytes: mutate(rnd, rnd() < 0.5 ? validRequest(rnd) : structuredRequest(rnd)) };
  const length = rnd() < 0.9 ? Math.floor(rnd() * 512) : Math.floor(rnd() * 20_000);
  return { kind: 'noise', bytes: Uint8Array.from({ length }, () => Math.floor(rnd() * 256)) };
}

export interface Verdict {
  ok: boolean;
  /** the status code, or 'closed' for a clean close with no bytes */
  outcome: number | 'closed';
  problem?: string;
}

const latin1 = new TextDecoder('latin1');

/**
 * Whether a response is a valid HTTP/1.x answer (status line, whole head, body matching Content-Length; no body
 * for HEAD) or nothing at all.
 */
export function judge(response: Uint8Array, request: Uint8Array): Verdict {
  if (response.length === 0) return { ok: true, outcome: 'closed' };
  // A kept-alive connection may carry several answers (a mutated request can hold two heads): each must be whole.
  let at = 0;
  let first: number | undefined;
  while (at < response.length) {
    const text = latin1.decode(response.subarray(at));
    const status = /^HTTP\/1\.[01] ([1-5]\d\d)(?: [^\r\n]*)?\r\n/.exec(text);
    if (!status) return { ok: false, outcome: first ?? 'closed', problem: `not a status line: ${JSON.stringify(text.slice(0, 60))}` };
    const code = Number(status[1]);
    first ??= code;
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return { ok: false, outcome: first, problem: 'the response head never ends' };
    const length = /\r\ncontent-length: *(\d+)\r\n/i.exec(text.slice(0, end + 2));
    const head = at === 0 && latin1.decode(request.subarray(0, 5)) === 'HEAD ';
    if (!length) return { ok: true, outcome: first }; // read until close: the rest is its body
    // An answer to HEAD has no body, unless the server could not read the request as HEAD (then it is a 400 with one).
    const bodyless = head && (end + 4 === text.length || text.startsWith('HTTP/1.', end + 4));
    const size = bodyless ? 0 : Number(length[1]);
    if (end + 4 + size > text.length) {
      return { ok: false, outcome: first, problem: `Content-Length ${length[1]} but ${text.length - end - 4} body bytes` };
    }
    at += end + 4 + size;
  }
  return { ok: true, outcome: first ?? 'closed' };
}
