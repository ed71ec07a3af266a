import type { Check, CheckResult, VerifyContext } from './types.ts';

/**
 * Runs checks in order. In a full run a check whose prerequisite did not pass is skipped (kubectl against a
 * cluster that is not there can only repeat the first failure); checks asked for by name always run.
 * A check that throws is reported as failed with the error: verify itself never crashes on bad input.
 */
export async function runChecks(checks: readonly Check[], ctx: VerifyContext, options: { skipOnFailedNeeds: boolean }): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const byId = new Map<string, CheckResult>();
  for (const check of checks) {
    const needs = typeof check.needs === 'function' ? check.needs(ctx) : (check.needs ?? []);
    const blocked = options.skipOnFailedNeeds ? needs.map((id) => byId.get(id)).find((r) => r !== undefined && r.status !== 'pass') : undefined;
    let result: CheckResult;
    if (blocked) {
      result = { id: check.id, title: check.title, status: 'skip', detail: `skipped: needs "${blocked.title}" first` };
    } else {
      try {
        const outcome = await check.run(ctx);
        result = { id: check.id, title: check.title, status: outcome.ok ? 'pass' : 'fail', detail: outcome.detail, ...(outcome.fix === undefined ? {} : { fix: outcome.fix }), ...(outcome.failure === undefined ? {} : { failure: outcome.failure }) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result = { id: check.id, title: check.title, status: 'fail', detail: `the check could not finish: ${message}`, fix: 'run the step again; if this persists, report it with this line' };
      }
    }
    results.push(result);
    byId.set(check.id, result);
  }
  return results;
}

export const allPassed = (results: readonly CheckResult[]): boolean => results.length > 0 && results.every((r) => r.status === 'pass');
