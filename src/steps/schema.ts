import { z } from 'zod';
import { evidenceKinds } from '../progress/evidence.ts';

// The catalog is parsed in the page too; zod's JIT probes `new Function`, which the pages' CSP forbids.
z.config({ jitless: true });

// A guided step is declared once here; lessons render it, the in-page terminal runs it when it can,
// and `containerless verify <id>` checks its result. Plain data: no DOM, importable from Astro and Node.

/** Where the command runs: in the page's terminal, on the learner's machine, or against their cluster. */
export const whereSchema = z.enum(['page', 'machine', 'cluster']);

export const troubleshootingSchema = z
  .object({
    /** What the learner sees, quoted as they would see it when possible. */
    symptom: z.string().min(3),
    /** What to do about it. */
    fix: z.string().min(3),
  })
  .strict();

export const alternativeSchema = z
  .object({
    /** The tool or situation, e.g. "podman" or "Docker with buildx". */
    label: z.string().min(2),
    command: z.string().min(2),
  })
  .strict();

/** When a step was last checked, against which tool versions, and how (run, or read against sources). */
export const checkedSchema = z
  .object({
    on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
    against: z.array(z.string().min(2)).min(1),
    how: z.string().min(3),
  })
  .strict();

export const stepSchema = z
  .object({
    /** Stable, kebab-case; used in deep links, saved progress and `containerless verify <id>`. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a step id is kebab-case: lowercase letters, digits and single dashes'),
    title: z.string().min(3),
    /** What to type, exactly; several lines run one after the other. */
    command: z.string().min(2),
    where: whereSchema,
    /** Why this step, in a sentence or two. */
    summary: z.string().min(3),
    /** What a good run prints (or the gist of it). */
    expected: z.string().min(1),
    hint: z.string().min(3),
    troubleshooting: z.array(troubleshootingSchema),
    /** The `containerless verify` check that proves this step worked; absent when nothing can be checked. */
    check: z.string().min(1).optional(),
    /** For a step in the page: what the terminal must show for the page to mark it done (src/progress/evidence.ts). */
    evidence: z.enum(evidenceKinds).optional(),
    /** Other tools that do the same. */
    alternatives: z.array(alternativeSchema).optional(),
    /** The file in deploy/scripts/ that runs this same command (a unit test holds them together). */
    script: z.string().regex(/^deploy\/scripts\/[0-9]{2}-[a-z-]+\.sh$/).optional(),
    /** The lesson (content/lessons/<slug>.mdx) that shows this step, when one does. */
    lesson: z.string().min(1).optional(),
    /** Filled in by the catalog index from src/steps/checked.ts; a step does not set it itself. */
    checked: checkedSchema.optional(),
  })
  .strict();

export type Where = z.infer<typeof whereSchema>;
export type Troubleshooting = z.infer<typeof troubleshootingSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Checked = z.infer<typeof checkedSchema>;
/** What a catalog declares; the index parses it into Step. */
export type StepInput = z.input<typeof stepSchema>;
