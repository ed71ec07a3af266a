import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunResult, Runner, Starter, VerifyContext } from '../../../src/cli/verify/types.ts';

// Feeds recorded outputs (tests/fixtures/kubectl/) to the checks in place of kind, kubectl and docker.

const dir = fileURLToPath(new URL('../../fixtures/kubectl/', import.meta.url));
export const fixture = (name: string): string => readFileSync(dir + name, 'utf8');

export const ok = (stdout: string): RunResult => ({ code: 0, stdout, stderr: '', missing: false });
export const failed = (stderr: string, code = 1): RunResult => ({ code, stdout: '', stderr, missing: false });
export const missing: RunResult = { code: null, stdout: '', stderr: '', missing: true };

/**
 * A runner answering from a table keyed by the command line without kubectl's --context and --request-timeout
 * flags. Commands not in the table count as missing programs, so a test notices an unexpected call; the calls
 * are recorded for assertions.
 */
export function tableRunner(table: Record<string, RunResult>): Runner & { calls: string[] } {
  const calls: string[] = [];
  const runner = async (command: string, args: readonly string[]) => {
    const plain = args.filter((a, i) => !a.startsWith('--request-timeout') && a !== '--context' && args[i - 1] !== '--context');
    const key = [command, ...plain].join(' ');
    calls.push(key);
    return table[key] ?? missing;
  };
  return Object.assign(runner, { calls });
}

const noStart: Starter = async () => ({ missing: true });

export function context(run: Runner, overrides: Partial<VerifyContext> = {}): VerifyContext {
  return {
    root: fileURLToPath(new URL('../../../', import.meta.url)),
    run,
    start: noStart,
    registry: 'localhost:5001',
    image: 'localhost:5001/word-generator:0.1.0',
    cluster: 'containerless',
    kubeContext: 'kind-containerless',
    nodeContainer: 'containerless-control-plane',
    ...overrides,
  };
}
