// The server module end to end, through the in-memory socket host.
import { describe, expect, it } from 'vitest';
import { loadModule, parseResponse, run, type Connection } from './test-host.ts';

const server = loadModule('word_generator.wasm');

function get(target: string, method = 'GET'): Connection {
  return { request: `${method} ${target} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n\r\n` };
}

/** Serves the given connections in one instance and returns the parsed responses. */
function serve(...connections: Connection[]) {
  const result = run(server, { connections });
  expect(result.exitCode).toBeNull(); // still serving when the host ran out of clients
  return { ...result, parsed: result.responses.map(parseResponse) };
}

function only(connection: Connection) {
  const { parsed } = serve(connection);
  const [response] = parsed;
  if (!response) throw new Error('no response');
  return response;
}

describe('word_generator.wasm', () => {
  it('listens on 0.0.0.0:8090 by default and says so', () => {
    const result = run(server);
    expect(result.stdout).toBe('Listening on http://0.0.0.0:8090\n');
    expect(result.bound).toEqual({ address: '0.0.0.0', port: 8090 });
    expect(result.socketOptions).toEqual(['0/0=1']); // SO_REUSEADDR, so restarts can bind at once
  });

  it('takes its port from PORT', () => {
    const result = run(server, { env: { PORT: '3000' } });
    expect(result.stdout).toBe('Listening on http://0.0.0.0:3000\n');
    expect(result.bound?.port).toBe(3000);
  });

  it('refuses a PORT that is not a port, with exit code 2', () => {
    const result = run(server, { env: { PORT: 'eighty' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('PORT must be a number from 1 to 65535');
    expect(result.bound).toBeNull();
  });

  it('answers GET /?starts_with=d with a word starting with d', () => {
    const response = only(get('/?starts_with=d'));
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/^d[a-z]{2,9}\n$/);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(response.body)));
    expect(response.headers.get('connection')).toBe('close');
  });

  it('gives a word for every letter, upper or lower case', () => {
    const letters = [...'abcdefghijklmnopqrstuvwxyz'];
    const { parsed } = serve(...letters.map((l) => get(`/?starts_with=${l}`)), get('/?starts_with=Q'));
    letters.forEach((letter, index) => {
      expect(parsed[index]?.status).toBe(200);
      expect(parsed[index]?.body.startsWith(letter)).toBe(true);
    });
    expect(parsed[26]?.body).toMatch(/^q/);
  });

  it('answers GET / with any word', () => {
    const response = only(get('/'));
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/^[a-z]{3,10}\n$/);
  });

  it('answers /healthz with 200', () => {
    const response = only(get('/healthz'));
    expect(response.status).toBe(200);
    expect(response.body).toBe('ok\n');
  });

  it.each(['', 'ab', '1', '%C3%A9', '-'])('rejects starts_with=%s with 400 and says what is allowed', (value) => {
    const response = only(get(`/?starts_with=${value}`));
    expect(response.status).toBe(400);
    expect(response.body).toContain('a single letter from a to z');
  });

  it('answers an unknown path with 404', () => {
    const response = only(get('/words'));
    expect(response.status).toBe(404);
    expect(response.body).toContain('/words');
  });

  it('answers other methods with 405 and Allow', () => {
    const response = only({ request: 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers HEAD with the headers of GET and no body', () => {
    const response = only(get('/healthz', 'HEAD'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('3');
    expect(response.body).toBe('');
  });

  it('answers a request head over 8 KiB with 431', () => {
    const big = `GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(8 * 1024)}\r\n\r\n`;
    const response = only({ request: big, chunkSize: 1000 });
    expect(response.status).toBe(431);
  });

  it('accepts a head of exactly 8 KiB', () => {
    const start = 'GET / HTTP/1.1\r\nX-Padding: ';
    const request = `${start}${'a'.repeat(8 * 1024 - start.length - 4)}\r\n\r\n`;
    expect(only({ request }).status).toBe(200);
  });

  it.each(['HELLO\r\n\r\n', 'GET /\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET / HTTP/1.1\r\nno colon\r\n\r\n'])(
    'answers the malformed request %j with 400',
    (request) => {
      const response = only({ request });
      expect(response.status).toBe(400);
      expect(response.body).toContain('malformed request');
    },
  );

  it('reads a request that arrives one byte at a time', () => {
    const response = only({ ...get('/?starts_with=z'), chunkSize: 1 });
    expect(response.body).toMatch(/^z/);
  });

  it('goes on serving after clients that leave early', () => {
    const result = run(server, {
      connections: [
        { request: '' }, // connects and closes
        { request: 'GET / HT' }, // closes mid-request
        { ...get('/'), failWrites: true }, // gone before the answer
        get('/healthz'),
      ],
    });
    expect(result.exitCode).toBeNull();
    expect(result.responses[0]).toBe('');
    expect(result.responses[3]).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(result.closed).toEqual([true, true, true, true]);
  });

  it('gives each connection a 10 s read timeout', () => {
    const result = run(server, { connections: [get('/healthz'), get('/')] });
    expect(result.socketOptions).toEqual(['0/0=1', '0/11=10s', '0/11=10s']); // SO_RCVTIMEO per connection
  });

  it('takes the read timeout from READ_TIMEOUT_SECS, 0 turning it off', () => {
    expect(run(server, { env: { READ_TIMEOUT_SECS: '3' }, connections: [get('/')] }).socketOptions).toEqual([
      '0/0=1',
      '0/11=3s',
    ]);
    expect(run(server, { env: { READ_TIMEOUT_SECS: '0' }, connections: [get('/')] }).socketOptions).toEqual(['0/0=1']);
  });

  it('refuses a READ_TIMEOUT_SECS that is not whole seconds, with exit code 2', () => {
    const result = run(server, { env: { READ_TIMEOUT_SECS: '10s' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('READ_TIMEOUT_SECS must be whole seconds from 0');
    expect(result.bound).toBeNull();
  });

  it('answers a client that stalls mid-request with 408 and serves the next one', () => {
    const result = run(server, {
      connections: [{ request: 'GET /?starts_with=d HTTP/1.1\r\nHost: loc', stalls: true }, get('/healthz')],
    });
    const [timedOut, next] = result.responses.map(parseResponse);
    expect(timedOut?.status).toBe(408);
    expect(timedOut?.headers.get('connection')).toBe('close');
    expect(next?.status).toBe(200);
    expect(result.closed).toEqual([true, true]);
    expect(result.stdout).toContain('- - 408 (read timeout after 39 bytes of the head)\n');
  });

  it('closes a client that never sends, without an answer, and serves the next one', () => {
    const result = run(server, { connections: [{ request: '', stalls: true }, get('/healthz')] });
    expect(result.exitCode).toBeNull();
    expect(result.responses[0]).toBe('');
    expect(result.responses[1]).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(result.closed).toEqual([true, true]);
    expect(result.stdout).toContain('- - - (client sent nothing before the read timeout)\n');
  });

  it('serves on without a read timeout when the runtime refuses it, saying so once', () => {
    const result = run(server, { refuseOptions: [11], connections: [get('/healthz'), get('/healthz')] });
    expect(result.responses.map((raw) => parseResponse(raw).status)).toEqual([200, 200]);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('cannot set a read timeout'));
    expect(warnings).toEqual([
      'word_generator: cannot set a read timeout on connections (sock_setsockopt SO_RCVTIMEO failed with WASI errno 58); serving on without one, so a client that never sends will hold the server',
    ]);
  });

  it('logs one line per request', () => {
    const result = run(server, { connections: [get('/healthz'), get('/nope'), { request: '' }] });
    expect(result.stdout.split('\n')).toEqual([
      'Listening on http://0.0.0.0:8090',
      'GET /healthz 200',
      'GET /nope 404',
      '- - - (client closed without a request)',
      '',
    ]);
  });
});
