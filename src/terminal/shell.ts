import { dim, red } from './ansi.ts';
import { cat, HELP, jobs, kill, ls } from './commands/builtins.ts';
import { curl } from './commands/curl.ts';
import { elsewhereNames, runsElsewhere } from './commands/elsewhere.ts';
import { containerlessRun, wasmedge } from './commands/run-module.ts';
import type { Command, CommandContext, Job } from './context.ts';
import { inProcessHost, type GuestHost, type HostedServer } from './host.ts';
import { parseLine, ParseError } from './parse.ts';
import { closest } from './suggest.ts';
import type { ShellEnvironment, ShellOutput } from './types.ts';

// The in-page shell: one guest host (its own "localhost"), background jobs, history. No DOM: a view
// feeds it lines and shows what it writes; tests drive it the same way in Node.

export const PROMPT = '$ ';

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
  #commands: Record<string, Command>;
  #running = false;
  #heldBack: string[] = [];
  /** What the running command printed so far, for those who watch what the shell did (self-checking steps). */
  #printed = '';
  #watchers = new Set<(ran: { line: string; status: number; output: string }) => void>();

  /** `extra`: commands a page adds (the Kubernetes model on lessons 6-8), with the lines they add to `help`. */
  constructor(environment: ShellEnvironment, out: ShellOutput, extra?: { commands: Record<string, Command>; help: string }) {
    this.#env = environment;
    this.#out = {
      write: (text) => {
        if (this.#running) this.#printed += text;
        out.write(text);
      },
      clear: () => out.clear(),
    };
    this.host = environment.createHost?.() ?? inProcessHost();
    this.#commands = {
      help: (ctx) => (ctx.write(HELP + (extra ? `\n${extra.help}` : '')), 0),
      ls,
      cat,
      jobs,
      kill,
      curl,
      wasmedge,
      containerless: (ctx, args) => {
        if (args[0] === 'run') return containerlessRun(ctx, args.slice(1));
        if (args[0] === 'verify') return runsElsewhere(ctx, 'containerless verify', args.slice(1));
        ctx.write('usage: containerless run <module.wasm> [--port N] [&]\n       (containerless verify runs on your machine)\n');
        return 2;
      },
      clear: () => (this.#out.clear(), 0),
      history: (ctx) => {
        this.history.forEach((line, i) => ctx.write(`${String(i + 1).padStart(4)}  ${line}\n`));
        return 0;
      },
      echo: (ctx, args) => (ctx.write(args.map((a) => (a === '$?' ? String(this.lastStatus) : a)).join(' ') + '\n'), 0),
      pwd: (ctx) => (ctx.write('/workspace\n'), 0),
      // The WASI 0.2 component runner loads only when someone types jco: most terminals never need it.
      jco: async (ctx, args) => (await import('./commands/component.ts')).jco(ctx, args),
      npx: (ctx, args) => {
        const [tool, ...rest] = args;
        if (tool === 'jco' || tool === 'containerless') return this.#commands[tool]?.(ctx, rest) ?? 127;
        ctx.write(`npx: this terminal has no npm registry; here npx runs ${'`jco`'} and ${'`containerless`'}.\n`);
        return 127;
      },
    };
    for (const tool of elsewhereNames) this.#commands[tool] = (ctx, args) => runsElsewhere(ctx, tool, args);
    Object.assign(this.#commands, extra?.commands);
  }

  /** Every command name, for completion and help. */
  get commandNames(): string[] {
    return Object.keys(this.#commands).sort();
  }

  get jobs(): readonly Job[] {
    return this.#jobs;
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
    const command = this.#commands[name];
    if (!command) return (this.lastStatus = this.#unknown(name));
    this.#running = true;
    this.#printed = '';
    try {
      this.lastStatus = await command(this.#context(trimmed, background), args);
    } catch (error) {
      this.#out.write(red(`${name}: ${(error as Error).message}\n`));
      this.lastStatus = 1;
    } finally {
      this.#running = false;
      const held = this.#heldBack.splice(0).join('');
      if (held) this.#out.write(held);
    }
    const ran = { line: trimmed, status: this.lastStatus, output: this.#printed.slice(0, 64 * 1024) };
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
      host: this.host,
      background,
      line,
      jobs: () => this.#jobs,
      addJob: (jobLine: string, server: HostedServer) => {
        const job: Job = { id: this.#nextJob++, line: jobLine, server, state: 'Running' };
        this.#jobs.push(job);
        server.onExit((info) => {
          if (job.state !== 'Running') return;
          job.state = info.reason === 'crashed' ? 'Crashed' : info.reason === 'stopped' ? 'Done' : info.reason === 'runaway' ? 'Killed' : `Exit ${info.exitCode ?? 1}`;
          this.#out.write(`[${job.id}]   ${job.state}   ${job.line}${info.message ? dim(`  (${info.message})`) : ''}\n`);
        });
        return job;
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
