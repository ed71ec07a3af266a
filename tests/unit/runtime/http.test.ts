// HTTP/1.1 framing (when a request or response is complete) and the host-side filesystem helpers.
import { describe, expect, it } from 'vitest';
import { decodeChunked, requestComplete } from '../../../src/runtime/http/framing.ts';
import { MemoryFileSystem } from '../../../src/runtime/devices/fs/memory-fs.ts';
import { request, VirtualNetwork } from '../../../src/runtime/index.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('requestComplete', () => {
  it('waits for the blank line, then for the body the head announces', () => {
    expect(requestComplete(bytes('GET / HTTP/1.1\r\nHost: x\r\n'))).toBe(false);
    expect(requestComplete(bytes('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBe(true);
    expect(requestComplete(bytes('POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabc'))).toBe(false);
    expect(requestComplete(bytes('POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde'))).toBe(true);
  });

  it('understands chunked bodies', () => {
    const head = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(requestComplete(bytes(`${head}3\r\nabc\r\n`))).toBe(false);
    expect(requestComplete(bytes(`${head}3\r\nabc\r\n0\r\n\r\n`))).toBe(true);
    expect(new TextDecoder().decode(decodeChunked(bytes('3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n')))).toBe('abcde');
  });
});

describe('the HTTP client', () => {
  it('reads a response without Content-Length until the server closes, and a chunked one', async () => {
    const network = new VirtualNetwork();
    const listener = network.listen(80);
    const serve = async (reply: string) => {
      const pending = request(network, 'http://localhost/');
      const end = listener.accept()!;
      end.write(bytes(reply));
      end.close();
      return pending;
    };
    const plain = await serve('HTTP/1.0 200 OK\r\nX-A: 1\r\nX-A: 2\r\n\r\nuntil close');
    expect([plain.status, plain.body, plain.headers['x-a'], plain.httpVersion]).toEqual([200, 'until close', '1, 2', 'HTTP/1.0']);
    const chunked = await serve('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nword\r\n0\r\n\r\n');
    expect(chunked.body).toBe('word');
  });

  it('times out with a clear message when the server never answers', async () => {
    const network = new VirtualNetwork();
    network.listen(81);
    await expect(request(network, 'http://localhost:81/', { timeoutMs: 50 })).rejects.toThrow(/timed out after 50 ms/);
  });

  it('says "empty reply" when the server closes without a byte', async () => {
    const network = new VirtualNetwork();
    const listener = network.listen(82);
    const pending = request(network, 'http://localhost:82/');
    listener.accept()!.close();
    await expect(pending).rejects.toThrow('empty reply from server');
  });
});

describe('MemoryFileSystem on the host side', () => {
  it('writes, reads and lists files, making directories as needed', () => {
    const fs = new MemoryFileSystem({ '/srv/b.txt': 'bb', '/srv/a/': '', '/srv/c.bin': new Uint8Array([1, 2, 3]) });
    expect(fs.readText('/srv/b.txt')).toBe('bb');
    expect(fs.list('/srv')).toEqual([
      { name: 'a', type: 'directory', size: 0 },
      { name: 'b.txt', type: 'file', size: 2 },
      { name: 'c.bin', type: 'file', size: 3 },
    ]);
    expect(fs.list('/nope')).toBeUndefined();
    expect(fs.readFile('/srv/a')).toBeUndefined();
  });
});
