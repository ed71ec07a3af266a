// Reading what other programs answered: one line of why a call failed, JSON that may be empty or broken, and
// kubectl calls bounded so that an API server that does not answer costs one timeout per verify run, not one per call.
import type { RunResult, VerifyContext } from './types.ts';

/** Why a kubectl/kind/docker call failed, in one line. */
export function said(result: RunResult): string {
  const line = (result.stderr.trim() || result.stdout.trim()).split('\n').filter(Boolean).pop() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || `exit ${result.code}`;
}

/** The parsed JSON a program printed, or a problem in words (an empty answer, or text that is not JSON). */
export function readJson<T>(result: RunResult, what: string): { value: T } | { problem: string } {
  const text = result.stdout.trim();
  if (text === '') return { problem: `${what} printed nothing (an empty answer)` };
  try {
    return { value: JSON.parse(text) as T };
  } catch {
    const start = text.slice(0, 60).replace(/\s+/g, ' ');
    return { problem: `${what} did not print JSON (it began: ${JSON.stringify(start)})` };
  }
}

/** Seconds kubectl waits for the API server per request; the process gets a little more before it is stopped. */
export const KUBECTL_REQUEST_TIMEOUT_S = 8;
const KUBECTL_PROCESS_TIMEOUT_MS = (KUBECTL_REQUEST_TIMEOUT_S + 4) * 1000;

const UNREACHABLE = /Unable to connect to the server|i\/o timeout|context deadline exceeded|Client\.Timeout|TLS handshake timeout|the server was unable to return a response in the time allotted/i;

// One verify run talks to one API server: once it failed to answer in time, later calls fail at once with the same words.
const apiDown = new WeakMap<VerifyContext, string>();

/** kubectl against the learner's cluster, with a request timeout. */
export async function kubectl(ctx: VerifyContext, ...args: string[]): Promise<RunResult> {
  const known = apiDown.get(ctx);
  if (known !== undefined) return { code: 1, stdout: '', stderr: known, missing: false };
  const result = await ctx.run('kubectl', ['--context', ctx.kubeContext, `--request-timeout=${KUBECTL_REQUEST_TIMEOUT_S}s`, ...args], { timeoutMs: KUBECTL_PROCESS_TIMEOUT_MS });
  if (result.missing) return result;
  const stoppedByUs = result.code === null;
  if (stoppedByUs || (result.code !== 0 && UNREACHABLE.test(result.stderr))) {
    const why = stoppedByUs ? `kubectl did not finish within ${KUBECTL_PROCESS_TIMEOUT_MS / 1000} s` : said(result);
    apiDown.set(ctx, `the API server of ${ctx.kubeContext} does not answer (${why}); later kubectl calls were not tried`);
  }
  return result;
}
