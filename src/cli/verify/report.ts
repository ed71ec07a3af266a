import type { CheckResult } from './types.ts';

const MARK = { pass: '✓', fail: '✗', skip: '-' } as const;

/** One line per check: the mark, the title, what was found, and for a failure what to do. */
export function formatLine(r: CheckResult): string {
  const fix = r.status === 'fail' && r.fix ? ` → fix: ${r.fix}` : '';
  const named = r.status === 'fail' && r.failure ? `[${r.failure.name}] ` : '';
  return `${MARK[r.status]} ${r.title}: ${named}${r.detail}${fix}`;
}

export function formatText(results: readonly CheckResult[]): string {
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  const skipped = count('skip');
  const tally = `${count('pass')} passed, ${count('fail')} failed${skipped ? `, ${skipped} skipped` : ''}`;
  return [...results.map(formatLine), '', tally].join('\n');
}

export function formatJson(results: readonly CheckResult[], ok: boolean): string {
  return JSON.stringify({ ok, checks: results }, null, 2);
}
