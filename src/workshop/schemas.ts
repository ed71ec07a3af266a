import * as z from 'zod';

// What attendees may send, checked before anything is stored. Sizes are bounded so one client cannot fill the disk.

export const MAX_BODY_BYTES = 16 * 1024;
export const MAX_BATCH = 50;

const slug = z.string().min(1).max(80).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens');

/** A nickname: shown to the room, so printable text only and short. Never rendered as HTML. */
export const nickname = z
  .string()
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'a nickname is needed')
      .max(40, 'at most 40 characters')
      .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'control characters are not allowed'),
  );

export const joinBody = z.strictObject({ nickname });

export const STEP_STATES = ['done', 'self-checked', 'verified', 'undone'] as const;

const at = z.number().int().min(0).max(8_640_000_000_000);
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const eventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('step'), seq, at, lesson: slug, step: slug, state: z.enum(STEP_STATES) }),
  z.strictObject({ type: z.literal('lesson'), seq, at, lesson: slug }),
  z.strictObject({ type: z.literal('code'), seq, at, code: z.string().min(1).max(2000).regex(/^[\x20-\x7e]+$/, 'printable ASCII only') }),
]);
export type WorkshopEvent = z.infer<typeof eventSchema>;

export const eventsBody = z.strictObject({ events: z.array(eventSchema).min(1).max(MAX_BATCH) });

export const helpBody = z.strictObject({ lesson: slug, step: slug.optional() });

export const READINESS_IDS = ['node', 'container-engine', 'kind', 'kubectl', 'registry-port', 'rust-target'] as const;
export const readinessBody = z.strictObject({
  results: z
    .array(z.strictObject({ id: z.enum(READINESS_IDS), status: z.enum(['pass', 'fail', 'skip']), detail: z.string().max(300).optional() }))
    .min(1)
    .max(READINESS_IDS.length),
});
export type ReadinessResult = z.infer<typeof readinessBody>['results'][number];

export const trackBody = z.strictObject({
  track: z.enum(['browser', 'half-day', 'day']).optional(),
  start: z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a clock time like 09:30').optional(),
});

/** The first problem, as one line a person can act on: `events.0.step: must be lowercase words joined by hyphens`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid body';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
