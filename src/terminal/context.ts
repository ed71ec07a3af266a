import type { GuestHost, HostedServer } from './host.ts';
import type { ShellEnvironment } from './types.ts';

/** A server started from the terminal: a background job, or the one holding the prompt. */
export interface Job {
  id: number;
  /** the command line that started it, as typed */
  line: string;
  server: HostedServer;
  state: 'Running' | 'Done' | 'Killed' | `Exit ${number}` | 'Crashed';
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
  addJob(line: string, server: HostedServer): Job;
  jobs(): readonly Job[];
  /** Holds the prompt until `done` settles; Ctrl+C calls `stop`. Resolves with the exit status. */
  hold(done: Promise<number>, stop: () => Promise<void>): Promise<number>;
}

export type Command = (ctx: CommandContext, args: string[]) => Promise<number> | number;
