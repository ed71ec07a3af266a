import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { FileSystemTree } from '@webcontainer/api';
import { realShellAvailability } from '../../../src/real-shell/availability.ts';
import { MODULE_FILES, RUNNER_FILE } from '../../../src/real-shell/files.ts';

// The opt-in real shell up to the boot boundary: WebContainer.boot needs stackblitz.com, which these machines cannot
// reach, so the API is handed in here: what the page decides, mounts and says is real; the boot itself is not.

const good = { crossOriginIsolated: true, online: true, sharedArrayBuffer: true };

describe('when a real shell is offered', () => {
  it('is offered in a cross-origin isolated page, online, with SharedArrayBuffer', () => {
    expect(realShellAvailability(good)).toEqual({ available: true });
  });

  it('says why not: offline, no isolation headers, or no SharedArrayBuffer', () => {
    const reason = (facts: typeof good) => {
      const a = realShellAvailability(facts);
      return a.available ? '' : a.reason;
    };
    expect(reason({ ...good, online: false })).toMatch(/not available offline.*This terminal works offline/);
    expect(reason({ ...good, crossOriginIsolated: false })).toMatch(/COOP and COEP/);
    expect(reason({ ...good, sharedArrayBuffer: false })).toMatch(/SharedArrayBuffer/);
    // Offline is the reason a reader can act on first.
    expect(reason({ online: false, crossOriginIsolated: false, sharedArrayBuffer: false })).toMatch(/offline/);
  });
});

/** Site files from public/ (the runner bundle is made at build time; a stand-in keeps this test independent of it). */
const siteFile = async (path: string): Promise<Uint8Array> =>
  path === RUNNER_FILE ? new TextEncoder().encode('#!/usr/bin/env node\n') : new Uint8Array(readFileSync(new URL(`../../../public/${path}`, import.meta.url)));

/** A fresh boot module per test: it keeps one boot per page on purpose. */
async function bootModule() {
  vi.resetModules();
  return import('../../../src/real-shell/boot.ts');
}

function api(boot: () => Promise<unknown>) {
  return async () => ({ WebContainer: { boot } }) as unknown as typeof import('@webcontainer/api');
}

describe('opening a real shell', () => {
  it('gives up after its deadline with a message that names stackblitz.com', async () => {
    const { openRealShell, RealShellError } = await bootModule();
    const opening = openRealShell({ fetchFile: siteFile, cols: 80, rows: 24, timeoutMs: 50, loadApi: api(() => new Promise(() => undefined)) });
    await expect(opening).rejects.toBeInstanceOf(RealShellError);
    await expect(opening).rejects.toThrow(/did not start within .*stackblitz\.com/);
  });

  it('reports a failed boot in words', async () => {
    const { openRealShell } = await bootModule();
    const failing = api(() => Promise.reject(new Error('Unable to create more instances')));
    await expect(openRealShell({ fetchFile: siteFile, cols: 80, rows: 24, loadApi: failing })).rejects.toThrow(
      'WebContainer could not start: Unable to create more instances',
    );
  });

  it('reports a library that did not load', async () => {
    const { openRealShell } = await bootModule();
    const loadApi = () => Promise.reject(new Error('Failed to fetch dynamically imported module'));
    await expect(openRealShell({ fetchFile: siteFile, cols: 80, rows: 24, loadApi })).rejects.toThrow(/library could not be loaded/);
  });

  it('mounts the modules and the containerless runner, then starts jsh at the screen size', async () => {
    const { openRealShell } = await bootModule();
    let mounted: FileSystemTree | undefined;
    const spawned: unknown[] = [];
    const container = {
      mount: async (tree: FileSystemTree) => void (mounted = tree),
      spawn: async (...args: unknown[]) => (spawned.push(args), { exit: new Promise(() => undefined) }),
    };
    await openRealShell({ fetchFile: siteFile, cols: 100, rows: 30, loadApi: api(async () => container) });
    expect(spawned).toEqual([['jsh', { terminal: { cols: 100, rows: 30 } }]]);
    for (const file of MODULE_FILES) {
      const node = mounted?.[file];
      expect(node && 'file' in node && 'contents' in node.file ? node.file.contents : undefined).toEqual(await siteFile(`wasm/${file}`));
    }
    const modules = mounted?.['node_modules'];
    const bin = modules && 'directory' in modules ? modules.directory['.bin'] : undefined;
    expect(bin && 'directory' in bin ? bin.directory['containerless'] : undefined).toEqual({ file: { symlink: '../containerless/cli.mjs' } });
  });

  it('says which course file could not be copied in', async () => {
    const { openRealShell } = await bootModule();
    const container = { mount: async () => undefined, spawn: async () => ({}) };
    const missing = async (path: string): Promise<Uint8Array> => {
      throw new Error(`could not download ${path} from this site (HTTP 404)`);
    };
    await expect(openRealShell({ fetchFile: missing, cols: 80, rows: 24, loadApi: api(async () => container) })).rejects.toThrow(
      /course files could not be copied .*HTTP 404/,
    );
  });
});
