// `containerless verify <step> --watch`: checks again until everything passes or the time is up, and says what still
// fails only when that changes; plus its option checks, and the one-timeout rule for an API server that hangs.
import { describe, expect, it, vi } from 'vitest';
import { main, watch } from '../../../src/cli/verify.ts';
import { kubectl } from '../../../src/cli/verify/answers.ts';
import { createContext } from '../../../src/cli/verify/context.ts';
import type { CheckResult, RunResult } from '../../../src/cli/verify/types.ts';
import { context } from './fixtures.ts';

const result = (status: CheckResult['status'], detail: string): CheckResult => ({ id: 'deployment-ready', title: 'Deployment ready', status, detail, ...(status === 'fail' ? { fix: 'wait' } : {}) });

describe('watch', () => {
  it('checks again until it passes, printing a line only when what fails changes', async () => {
    const answers = [result('fail', '0/1 ready'), result('fail', '0/1 ready'), result('fail', '0/1 ready; ContainerCreating'), result('pass', '1/1 ready')];
    let calls = 0;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const out = await watch(async () => [answers[Math.min(calls++, answers.length - 1)]!], 5000, false, 10);
      expect(out[0]?.status).toBe('pass');
      expect(calls).toBe(4);
      const printed = errors.mock.calls.map((c) => String(c[0]));
      expect(printed).toHaveLength(2);
      expect(printed[0]).toContain('waiting (try 1');
      expect(printed[1]).toContain('ContainerCreating');
    } finally {
      errors.mockRestore();
    }
  });

  it('gives up when the time is up and says so', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const out = await watch(async () => [result('fail', '0/1 ready')], 50, false, 10);
      expect(out[0]?.status).toBe('fail');
      expect(errors.mock.calls.map((c) => String(c[0])).at(-1)).toMatch(/still failing after 0 s \(\d+ tries\)/);
    } finally {
      errors.mockRestore();
    }
  });

  it.each([
    [['deploy-apply', '--watch', '--timeout', ''], '--timeout wants a number of seconds from 1 to 3600, not ""'],
    [['deploy-apply', '--watch', '--timeout', '0'], 'not "0"'],
    [['deploy-apply', '--watch', '--timeout', 'soon'], 'not "soon"'],
    [['deploy-apply', '--timeout', '30'], '--timeout goes with --watch'],
  ])('refuses %j with a clear message (exit 2)', async (argv, words) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await main(argv, () => createContext())).toBe(2);
      expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toContain(words);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('an API server that hangs', () => {
  it('costs one stopped call; later kubectl calls in the run are not tried', async () => {
    const seen: string[] = [];
    const hung: RunResult = { code: null, stdout: '', stderr: '\n(kubectl did not finish within 12000 ms and was stopped)', missing: false };
    const ctx = context(async (command, args) => {
      seen.push([command, ...args].join(' '));
      return hung;
    });
    const first = await kubectl(ctx, 'get', 'nodes', '-o', 'json');
    expect(first.code).toBeNull();
    const second = await kubectl(ctx, 'get', 'deployment', 'word-generator', '-o', 'json');
    expect(second.stderr).toBe('the API server of kind-containerless does not answer (kubectl did not finish within 12 s); later kubectl calls were not tried');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('--request-timeout=8s');
  });
});

describe('--list', () => {
  it('lists the checks and every failure verify names', async () => {
    const { failureModes } = await import('../../../src/steps/failure-modes.ts');
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['--list'])).toBe(0);
      const out = logs.mock.calls.map((c) => String(c[0])).join('\n');
      expect(out).toContain('external-ip');
      for (const mode of failureModes) expect(out).toContain(`${mode.id.padEnd(26)} ${mode.name}`);
    } finally {
      logs.mockRestore();
    }
  });
});
