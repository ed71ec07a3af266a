import { dim, red } from './ansi.ts';
import { COMMANDS } from './commands/index.ts';
import type { CommandContext, CommandDeclaration, InnerShell, Job } from './context.ts';
import { inProcessHost, type GuestHost, type RunningServer } from '../runtime/host/index.ts';
import { parseLine, ParseError } from './parse.ts';
import { closest } from './suggest.ts';
import type { ShellEnvironment, ShellOutput } from './types.ts';

// The in-page shell: one guest host (its own "localhost"), background jobs, history. No DOM: a view
// feeds it lines and shows what it writes; tests drive it the same way in Node.

export const PROMPT = '$ ';
/** characters of a command's output that watchers (self-checking steps) are given */
const PRINTED_KEPT = 64 * 1024;

/** Commands a page adds to its terminal (the Kubernetes model on lessons 6-8), declared as the built-in ones are, with the lines they add to `help`. */
export interface ShellExtra {
  commands: readonly CommandDeclaration[];
  help?: string;
}

export class Shell {
  /** where its guests run and its servers listen */
  readonly host: GuestHost;
  readonly history: string[] = [];
  /** the exit status of the last command, as `$?` */
  lastStatus = 0;
  #jobs: Job[] = [];
  #nextJob = 1;
  #env: ShellEnvironment;
  #out: ShellOutput;
  #stopForeground: (() => Promise<void>) | undefined;
  #commands: Map<string, CommandDeclaration>;
  #running = false;
  #heldBack: string[] = [];
  #extraHelp: string | undefined;
  /** What the running command printed so far, for those who watch what the shell did (self-checking steps). */
  #printed = '';
  #watchers = new Set<(ran: { line: string; status: number; output: string }) => void>();
  /** a shell a command opened inside this one (a debug pod's sh), until its `exit` */
  #inner: { shell: InnerShell; commands: Map<string, CommandDeclaration> } | undefined;

  /** `extra`: commands a page adds (the Kubernetes model on lessons 6-8), with the lines they add to `help`. */
  constructor(environment: ShellEnvironment, out: ShellOutput, extra?: ShellExtra) {
    this.#env = environment;
    this.#out = {
      write: (text) => {
        // Watchers get the first 64 KiB: a server holding the prompt may log for hours, and no more is kept.
        if (this.#running && this.#printed.length < PRINTED_KEPT) this.#printed += text.slice(0, PRINTED_KEPT - this.#printed.length);
        out.write(text);
      },
      clear: () => out.clear(),
    };
    this.host = environment.createHost?.() ?? inProcessHost();
    // A page's own commands (kubectl, kind, ... on lessons 6-8) replace the built-in ones of the same name.
    this.#commands = new Map([...COMMANDS, ...(extra?.commands ?? [])].map((c) => [c.name, c]));
    this.#extraHelp = extra?.help;
  }

  /** Every command name, for completion and help. */
  get commandNames(): string[] {
    return [...(this.#inner?.commands ?? this.#commands).keys()].sort();
  }

  /** What Tab offers after a command, from its declaration. */
  completions(command: string, files: readonly string[]): readonly string[] {
    return this.#commands.get(command)?.complete?.(files) ?? files;
  }

  get jobs(): readonly Job[] {
    return this.#jobs;
  }

  /** The prompt to draw: this shell's, or that of the shell a command opened inside it. */
  get prompt(): string {
    return this.#inner?.shell.prompt ?? PROMPT;
  }

  /** A server started without &, or a command that can be interrupted, holds the prompt. */
  get holding(): boolean {
    return this.#stopForeground !== undefined;
  }

  /** Runs one line to its end and returns its exit status. Never throws: failures are written out. */
  async run(line: string): Promise<number> {
    const trimmed = line.trim();
    if (trimmed === '') return this.lastStatus;
    if (this.history.at(-1) !== trimmed) this.history.push(trimmed);
    let words: string[];
    let background: boolean;
    try {
      ({ words, background } = parseLine(trimmed));
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      this.#out.write(red(`sh: ${error.message}\n`));
      return (this.lastStatus = 2);
    }
    const [name, ...args] = words;
    if (name === undefined) return this.lastStatus;
    const inner = this.#inner;
    const command = inner ? inner.commands.get(name) : this.#commands.get(name);
    if (!command && !(inner && name === 'exit')) return (this.lastStatus = this.#unknown(name));
    this.#running = true;
    this.#printed = '';
    try {
      const ctx = this.#context(trimmed, background);
      if (inner && name === 'exit') {
        // `exit [n]` ends the inner shell; the tool that opened it has the last word (kubectl's `pod "x" deleted`).
        this.#inner = undefined;
        const asked = Number(args[0] ?? 0);
        this.lastStatus = await inner.shell.leave(ctx, Number.isInteger(asked) ? asked & 255 : 2);
      } else this.lastStatus = await (command as CommandDeclaration).run(ctx, args);
    } catch (error) {
      this.#out.write(red(`${name}: ${(error as Error).message}\n`));
      this.lastStatus = 1;
    } finally {
      this.#running = false;
      const held = this.#heldBack.splice(0).join('');
      if (held) this.#out.write(held);
    }
    const ran = { line: trimmed, status: this.lastStatus, output: this.#printed };
    this.#printed = '';
    for (const watch of this.#watchers) watch(ran);
    return this.lastStatus;
  }

  /** Hears every command that ran to its end: its line, exit status and what it printed (the first 64 KiB). */
  watch(listener: (ran: { line: string; status: number; output: string }) => void): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  /** Ctrl+C: stops the server holding the prompt. Returns false when nothing was running. */
  interrupt(): boolean {
    const stop = this.#stopForeground;
    if (!stop) return false;
    void stop();
    return true;
  }

  /** Stops every server this shell started (the page is going away). */
  async dispose(): Promise<void> {
    this.interrupt();
    await Promise.all(this.#jobs.filter((j) => j.state === 'Running').map((j) => ((j.state = 'Killed'), j.server.stop())));
  }

  #unknown(name: string): number {
    if (this.#inner) {
      this.#out.write(red(this.#inner.shell.notFound(name)));
      return 127;
    }
    const guess = closest(name, this.commandNames);
    this.#out.write(red(`${name}: command not found`) + (guess ? `. Did you mean ${guess}?` : '') + '\n');
    this.#out.write(dim('Type help to see what this terminal can do.\n'));
    return 127;
  }

  #context(line: string, background: boolean): CommandContext {
    return {
      write: (text) => this.#out.write(text),
      writeFromJob: (text) => (this.#running ? this.#heldBack.push(dim(text)) : this.#out.write(dim(text))),
      environment: this.#env,
      host: this.#inner?.shell.host ?? this.host,
      shell: { commands: [...this.#commands.values()], extraHelp: this.#extraHelp, history: this.history, lastStatus: this.lastStatus, clear: () => this.#out.clear() },
      background,
      line,
      jobs: () => this.#jobs,
      addJob: (jobLine: string, server: RunningServer) => {
        const job: Job = { id: this.#nextJob++, line: jobLine, server, state: 'Running' };
        this.#jobs.push(job);
        server.onExit((info) => {
          if (job.state !== 'Running') return;
          job.state = info.reason === 'crashed' ? 'Crashed' : info.reason === 'stopped' ? 'Done' : info.reason === 'runaway' ? 'Killed' : `Exit ${info.exitCode ?? 1}`;
          this.#out.write(`[${job.id}]   ${job.state}   ${job.line}${info.message ? dim(`  (${info.message})`) : ''}\n`);
        });
        return job;
      },
      enter: (shell) => {
        this.#inner = { shell, commands: new Map(shell.commands.map((c) => [c.name, c])) };
      },
      hold: async (done, stop) => {
        this.#stopForeground = stop;
        try {
          return await done;
        } finally {
          this.#stopForeground = undefined;
        }
      },
    };
  }
}
