// The steps `containerless verify` can prove, in catalog order: what a verify code's bitmap counts over.
// Read from src/steps/ by the CLI at run time and by the site at build time (the page gets it as data).
import { steps } from '../steps/index.ts';
import type { CheckedStep } from './verify-code.ts';

export function verifyCatalog(): CheckedStep[] {
  return steps.filter((s) => s.check !== undefined).map((s) => ({ id: s.id, check: s.check as string, lesson: s.lesson }));
}
