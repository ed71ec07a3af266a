import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main as ready } from '../../../src/cli/ready.ts';
import { main as serve } from '../../../src/cli/serve.ts';
import { main as workshop } from '../../../src/cli/workshop.ts';
import type { VerifyContext } from '../../../src/cli/verify/types.ts';
import { startWorkshop, type RunningWorkshop } from '../../../src/workshop/server.ts';
import { course, siteFixture, type SiteFixture } from './fixture.ts';

// The commands' own behaviour: bad flags are refused with a message, and `ready --report` reaches the room.

let output: string[];
beforeEach(() => {
  output = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void output.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void output.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('containerless workshop and serve', () => {
  it('refuses bad flags before doing anything', async () => {
    expect(await workshop(['--track', 'week'])).toBe(2);
    expect(output.join('\n')).toMatch(/--track must be one of browser, half-day, day/);
    expect(await workshop(['--start', '9h'])).toBe(2);
    expect(await workshop(['--port', 'x'])).toBe(2);
    expect(await serve(['--dir', '/nonexistent/dist'])).toBe(1);
    expect(output.join('\n')).toMatch(/holds no built site/);
  });
});

describe('containerless ready', () => {
  let site: SiteFixture;
  let running: RunningWorkshop;
  beforeEach(async () => {
    site = siteFixture();
    running = await startWorkshop({ dist: site.dist, dataFile: site.dataFile, course });
  });
  afterEach(async () => {
    await running.close();
    site.cleanup();
  });

  // Every tool present and answering, except kind.
  const machine = (): VerifyContext =>
    ({
      run: async (command: string, args: readonly string[]) => {
        if (command === 'kind') return { code: null, stdout: '', stderr: '', missing: true };
        const out: Record<string, string> = { docker: args[0] === 'info' ? '28.2.2' : 'Docker version 28.2.2', kubectl: 'Client Version: v1.34.1', rustup: 'wasm32-wasip1\n' };
        return { code: 0, stdout: out[command] ?? '', stderr: '', missing: false };
      },
    }) as unknown as VerifyContext;

  it('prints a fix for each miss and a code, and reports to the room with the attendee key', async () => {
    const joined = (await (await fetch(`${running.url}/api/workshop/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"nickname":"Ada"}' })).json()) as { key: string };
    const code = await ready(['--report', running.url, '--key', joined.key, '--registry-port', '1'], machine);
    const text = output.join('\n');
    expect(code).toBe(1);
    expect(text).toMatch(/✗ kind: kind is not installed → fix: install kind/);
    expect(text).toMatch(/Readiness code: CR1\.ppfp[pf]p/);
    expect(text).toMatch(/Sent to the workshop room/);
    const room = running.workshop.readiness();
    expect(room[0]?.results.find((r) => r.id === 'kind')?.status).toBe('fail');
  });

  it('says so when the key is wrong, and keeps the code', async () => {
    await ready(['--report', running.url, '--key', 'nobody.secret'], machine);
    expect(output.join('\n')).toMatch(/Not sent \(410\).*The readiness code above carries the same result/);
    expect(await ready(['--report', running.url], machine)).toBe(2);
  });
});
