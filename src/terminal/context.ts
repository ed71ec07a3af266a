import type { GuestHost, RunningServer } from '../runtime/host/index.ts';
import type { ShellEnvironment } from './types.ts';

/** A server started from the terminal: a background job, or the one holding the prompt. */
export interface Job {
  id: number;
  /** the command line that started it, as typed */
  line: string;
  server: RunningServer;
  state: 'Running' | 'Done' | 'Killed' | `Exit ${number}` | 'Crashed';
}

/**
 * A shell a command opens inside this one (`kubectl run -it ... -- sh`): its prompt, the commands it has and the
 * host its guests and requests use. `exit` leaves it; `leave` prints what the opening tool prints then.
 */
export interface InnerShell {
  prompt: string;
  host: GuestHost;
  commands: readonly CommandDeclaration[];
  /** how an unknown command is refused there (a busybox sh: `sh: NAME: not found`) */
  notFound(name: string): string;
  /** `exit [n]`: what the opening tool prints as the shell ends, and the status the line gets */
  leave(ctx: CommandContext, status: number): Promise<number> | number;
}

/** What a command gets: where to write, where guests run (the shell's own localhost), jobs, and how to hold the prompt. */
export interface CommandContext {
  write(text: string): void;
  /** Output of a background job: held back while another command prints, so it never lands mid-answer. */
  writeFromJob(text: string): void;
  environment: ShellEnvironment;
  host: GuestHost;
  /** the line ended with `&` */
  background: boolean;
  line: string;
  /** Adds a background job and returns its number. */
  addJob(line: string, server: RunningServer): Job;
  jobs(): readonly Job[];
  /** The shell itself, for the commands about it (help, history, clear, echo $?). */
  shell: { readonly commands: readonly CommandDeclaration[]; readonly extraHelp?: string | undefined; readonly history: readonly string[]; readonly lastStatus: number; clear(): void };
  /** Opens a shell inside this one: the next lines run there until `exit`. */
  enter(inner: InnerShell): void;
  /** Holds the prompt until `done` settles; Ctrl+C calls `stop`. Resolves with the exit status. */
  hold(done: Promise<number>, stop: () => Promise<void>): Promise<number>;
}

export type Command = (ctx: CommandContext, args: string[]) => Promise<number> | number;

/** One command of the terminal (the list is in commands/index.ts). */
export interface CommandDeclaration {
  name: string;
  /** how to call it, as help shows it */
  usage: string;
  summary: string;
  /** left out of help's list: small conveniences, and tools that run on the learner's machine (named at the end) */
  listed?: false;
  elsewhere?: true;
  run: Command;
  /** what Tab offers for the words after the name; default: the files here */
  complete?: (files: readonly string[]) => readonly string[];
}
