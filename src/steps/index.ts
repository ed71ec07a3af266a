import { stepSchema, type Step, type StepInput } from './schema.ts';
import { buildSteps } from './build.ts';
import { runSteps } from './run.ts';
import { imageSteps } from './image.ts';
import { clusterSteps } from './cluster.ts';
import { deploySteps } from './deploy.ts';
import { pageSteps } from './page.ts';
import { checkedByCatalog } from './checked.ts';

export type { Step, Where, Troubleshooting } from './schema.ts';
export * as deployNames from './constants.ts';

/**
 * Parses every catalog and rejects duplicate ids. Throws one error naming each bad step, so a mistake in the
 * data fails at import (and in the site build), never on a learner's page.
 */
export function validateCatalogs(catalogs: Record<string, readonly StepInput[]>): Record<string, Step[]> {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const out: Record<string, Step[]> = {};
  for (const [name, inputs] of Object.entries(catalogs)) {
    out[name] = [];
    inputs.forEach((input, index) => {
      const checked = checkedByCatalog[name];
      const parsed = stepSchema.safeParse(input.checked === undefined && checked !== undefined ? { ...input, checked } : input);
      const label = typeof input.id === 'string' ? `"${input.id}"` : `#${index + 1}`;
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(step)'}: ${i.message}`).join('; ');
        problems.push(`${name} step ${label}: ${issues}`);
        return;
      }
      const earlier = seen.get(parsed.data.id);
      if (earlier !== undefined) problems.push(`${name} step ${label}: the id is already used in ${earlier}`);
      seen.set(parsed.data.id, name);
      out[name]?.push(parsed.data);
    });
  }
  if (problems.length > 0) throw new Error(`Invalid guided steps:\n  ${problems.join('\n  ')}`);
  return out;
}

/** The steps by topic, in the order a learner meets them. */
export const catalogs = validateCatalogs({
  page: pageSteps,
  build: buildSteps,
  run: runSteps,
  image: imageSteps,
  cluster: clusterSteps,
  deploy: deploySteps,
});

export const steps: readonly Step[] = Object.values(catalogs).flat();

const byId = new Map(steps.map((s) => [s.id, s]));

/** The step with this id, or undefined. */
export function findStep(id: string): Step | undefined {
  return byId.get(id);
}

/** The step with this id; throws with the known ids when there is none (for pages that name a step). */
export function getStep(id: string): Step {
  const step = byId.get(id);
  if (!step) throw new Error(`No guided step "${id}". Known steps: ${[...byId.keys()].join(', ')}`);
  return step;
}
