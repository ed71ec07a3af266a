// How a guest ended, and the exit status a shell reports for it: the one place where a trap, a runaway stop and an
// interrupt become 134, 137 and 130 (SIGABRT, SIGKILL and SIGINT, as a shell reports a process that ended so).
import type { ExitInfo } from '../guest/server-types.ts';

/** How a command ended: its exit code, a trap, interrupted, or stopped for giving no answer within the bound. */
export type CommandOutcome =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'interrupted' }
  | { kind: 'trapped'; message: string; stderr: string }
  | { kind: 'runaway'; message: string; stderr: string };

export const EXIT_INTERRUPTED = 130;
export const EXIT_TRAPPED = 134;
export const EXIT_RUNAWAY = 137;

/** The status `$?` shows for a command, or for a server once it ended. */
export function exitStatus(ended: CommandOutcome | ExitInfo): number {
  if ('kind' in ended) {
    if (ended.kind === 'exited') return ended.exitCode;
    return ended.kind === 'interrupted' ? EXIT_INTERRUPTED : ended.kind === 'trapped' ? EXIT_TRAPPED : EXIT_RUNAWAY;
  }
  if (ended.reason === 'stopped') return EXIT_INTERRUPTED;
  if (ended.reason === 'runaway') return EXIT_RUNAWAY;
  return ended.exitCode ?? 1;
}
