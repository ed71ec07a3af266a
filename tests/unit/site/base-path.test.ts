// Hosting under a sub-path: the base path as configured, the links lessons write, and the static server answering
// a sub-path build only under its base (the e2e test tests/e2e/subpath.test.ts walks the real build in Chromium).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseFromEnv, normaliseBase } from '../../../src/serve/base-path.ts';
import { jsxWithBase, prefixBase } from '../../../src/integrations/base-links.ts';
import { createStaticHandler } from '../../../src/serve/static-files.ts';
import { siteFixture, type SiteFixture } from '../workshop/fixture.ts';

describe('the base path', () => {
  it('takes the forms people write and gives one', () => {
    expect(normaliseBase(undefined)).toBe('/');
    expect(normaliseBase('')).toBe('/');
    expect(normaliseBase('/')).toBe('/');
    expect(normaliseBase('containerless')).toBe('/containerless/');
    expect(normaliseBase('/containerless')).toBe('/containerless/');
    expect(normaliseBase(' /a/b/ ')).toBe('/a/b/');
    expect(baseFromEnv({ CONTAINERLESS_BASE: '/containerless/' })).toBe('/containerless/');
    expect(baseFromEnv({})).toBe('/');
  });

  it('refuses a full address, dot segments and odd characters, saying what to write', () => {
    expect(() => normaliseBase('https://example.org/containerless/')).toThrow(/a path on your host, like \/containerless\//);
    expect(() => normaliseBase('/a/../b/')).toThrow(/"\.\." in "\/a\/\.\.\/b\/" is not allowed/);
    expect(() => normaliseBase('/a b/')).toThrow(/not allowed/);
    expect(() => normaliseBase('/a?x=1')).toThrow(/not allowed/);
  });
});

describe('links written in lessons', () => {
  it('get the base when written from the root; others stay as written', () => {
    expect(prefixBase('/about/', '/containerless/')).toBe('/containerless/about/');
    expect(prefixBase('/about/', '/')).toBe('/about/');
    expect(prefixBase('https://example.org/', '/containerless/')).toBe('https://example.org/');
    expect(prefixBase('//cdn.example/x', '/containerless/')).toBe('//cdn.example/x');
    expect(prefixBase('#step-run', '/containerless/')).toBe('#step-run');
  });

  it('rewrites an MDX anchor written from the root, and leaves other elements and attributes alone', () => {
    const anchor = { name: 'a', attributes: [{ type: 'mdxJsxAttribute', name: 'href', value: '/learn/' }, { type: 'mdxJsxAttribute', name: 'class', value: '/x' }] };
    expect(jsxWithBase(anchor, '/containerless/')?.attributes).toEqual([
      { type: 'mdxJsxAttribute', name: 'href', value: '/containerless/learn/' },
      { type: 'mdxJsxAttribute', name: 'class', value: '/x' },
    ]);
    expect(anchor.attributes[0]?.value, 'the source node is not changed in place').toBe('/learn/');
    expect(jsxWithBase(anchor, '/')).toBeUndefined();
    expect(jsxWithBase({ name: 'div', attributes: [{ type: 'mdxJsxAttribute', name: 'href', value: '/learn/' }] }, '/containerless/')).toBeUndefined();
    expect(jsxWithBase({ name: 'a', attributes: [{ type: 'mdxJsxAttribute', name: 'href', value: 'https://example.org/' }] }, '/containerless/')).toBeUndefined();
  });
});

describe('the static server with a base', () => {
  let site: SiteFixture;
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    site = siteFixture();
    const handler = createStaticHandler({ root: site.dist, base: '/containerless/' });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    site.cleanup();
  });
  const get = (path: string) => fetch(origin + path, { redirect: 'manual' });

  it('serves the site under its base', async () => {
    expect(await (await get('/containerless/learn/wasi/')).text()).toContain('<title>WASI</title>');
    const wasm = await get('/containerless/wasm/word_generator.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
  });

  it('sends the root and the bare base to the home page, and answers 404 outside the base', async () => {
    for (const path of ['/', '/containerless']) {
      const r = await get(path);
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toBe('/containerless/');
    }
    const outside = await get('/learn/wasi/');
    expect(outside.status).toBe(404);
    expect(await outside.text()).toContain('Not found');
  });
});
