import type { GuestModule } from '../../runtime/index.ts';
import { dim, red } from '../ansi.ts';
import type { CommandContext } from '../context.ts';
import { resolveName } from '../files.ts';
import { exitStatus, type HostedServer } from '../../runtime/host/index.ts';
import { formatTrace } from '../../runtime/host/format.ts';
import { parseRunArgs, RUN_USAGE, type RunMode } from '../../command-line/run.ts';
import { UsageError } from '../../command-line/usage.ts';
import { parseWasmedgeArgs, WASMEDGE_USAGE } from '../../command-line/wasmedge.ts';
import { GUEST_PORT, SERVER_MODULE } from '../../course/facts.ts';

// `wasmedge <module>` and `containerless run <module>`: a command module runs to its exit code; a server
// module listens on the shell's localhost (its guest host), in the background with `&` or holding the prompt without.

export interface ModuleRun {
  /** how the learner called it, for messages: "wasmedge" or "containerless run" */
  tool: string;
  path: string;
  args: string[];
  env: Record<string, string>;
  /** --mode: how a server blocks (a command runs 'sync' for per-request) */
  mode?: RunMode;
  /** --trace: every WASI call, one line each */
  trace?: boolean;
}

async function load(ctx: CommandContext, tool: string, path: string): Promise<GuestModule | undefined> {
  const name = resolveName(path);
  const modules = await ctx.environment.modules();
  const known = name === undefined ? undefined : modules.find((m) => m.file === name);
  if (!known) {
    const here = modules.map((m) => m.file).join(', ');
    const own = /target\/wasm32-wasi(p1)?\//.test(path) ? ` That path is your own build, on your machine; the same module is here as ${SERVER_MODULE}.` : '';
    ctx.write(red(`${tool}: ${path}: no such module.`) + `${own}\nModules in this folder: ${here}\n`);
    return undefined;
  }
  try {
    return await ctx.environment.loadModule(known.file);
  } catch (error) {
    ctx.write(red(`${tool}: could not load ${known.file}: ${(error as Error).message}\n`));
    return undefined;
  }
}

export async function runModule(ctx: CommandContext, run: ModuleRun): Promise<number> {
  const guest = await load(ctx, run.tool, run.path);
  if (!guest) return 2;
  if (guest.missingImports.length > 0) {
    ctx.write(red(`${run.tool}: ${guest.name} imports ${guest.missingImports.join(', ')}, which this runtime does not provide\n`));
    return 1;
  }
  return guest.kind === 'server' ? serve(ctx, run, guest) : command(ctx, run, guest);
}

async function command(ctx: CommandContext, run: ModuleRun, guest: GuestModule): Promise<number> {
  if (ctx.background) ctx.write(dim(`(${guest.name} is a command: it runs to its end, so it runs in the foreground)\n`));
  const interrupt = new AbortController();
  const running = ctx.host.runCommand(guest, {
    args: run.args,
    env: run.env,
    onStdout: (text) => ctx.write(text),
    onStderr: (text) => ctx.write(red(text)),
    signal: interrupt.signal,
    ...(run.mode === 'per-request' ? { mode: 'sync' as const } : run.mode === 'jspi' ? { mode: 'jspi' as const } : {}),
    ...(run.trace === true ? { onTrace: (e) => ctx.write(dim(`${formatTrace(e)}\n`)) } : {}),
  });
  const ended = running.then((outcome): number => {
    if (outcome.kind === 'interrupted') ctx.write('^C\n');
    else if (outcome.kind === 'trapped') ctx.write(red(`${run.tool}: the module trapped: ${outcome.message}\n`));
    else if (outcome.kind === 'runaway') {
      ctx.write(red(`${run.tool}: ${outcome.message}\n`) + dim('(a module that computes forever is stopped so the page keeps working)\n'));
    }
    return exitStatus(outcome);
  });
  // Where the guest can be ended (its own Worker), Ctrl+C does so, as it stops a process on a machine.
  return ctx.host.canInterrupt ? ctx.hold(ended, async () => interrupt.abort()) : ended;
}

async function serve(ctx: CommandContext, run: ModuleRun, guest: GuestModule): Promise<number> {
  let server: HostedServer;
  // Until it is a background job, the server's output is this command's output.
  let write = (text: string) => ctx.write(text);
  const port = Number(run.env['PORT'] ?? GUEST_PORT);
  const inUse = () => {
    const owner = ctx.jobs().find((j) => j.state === 'Running' && j.server.port === port);
    const holder = owner ? `It is job ${owner.id}: kill %${owner.id} stops it.` : ctx.host.holderOf?.(port);
    return `Address already in use: another server listens on port ${port}.${holder ? ` ${owner ? holder : `It is ${holder}.`}` : ''}\n`;
  };
  // As bind() on a machine: a taken port is refused at once, naming who holds it.
  if (ctx.host.isListening(port)) {
    ctx.write(red(`${run.tool}: the server did not start: port ${port} is already in use\n`) + inUse());
    return 1;
  }
  try {
    server = await ctx.host.startServer(guest, {
      args: run.args,
      env: run.env,
      onLog: (line) => write(line.stream === 'stderr' ? red(line.text) + '\n' : line.text + '\n'),
      ...(run.mode !== undefined ? { mode: run.mode } : {}),
      trace: run.trace === true,
    });
    if (run.trace === true) server.onTrace((e) => write(dim(`${formatTrace(e)}\n`)));
  } catch (error) {
    ctx.write(red(`${run.tool}: the server did not start: ${(error as Error).message}\n`));
    // Taken while this one was starting (a demo on the page started at the same time).
    if (ctx.host.isListening(port)) ctx.write(inUse());
    return 1;
  }
  if (ctx.background) {
    write = (text) => ctx.writeFromJob(text);
    const job = ctx.addJob(ctx.line, server);
    ctx.host.label?.(server, `job ${job.id} in the terminal (${ctx.line}); \`kill %${job.id}\` there stops it`);
    ctx.write(`[${job.id}] ${guest.name} runs in the background on port ${server.port}. ${dim(`jobs lists it; kill %${job.id} stops it.`)}\n`);
    return 0;
  }
  ctx.write(dim(`(The server holds this prompt. Press Ctrl+C to stop it, or start it with & at the end to keep typing.)\n`));
  ctx.host.label?.(server, `the server holding the terminal's prompt (${ctx.line}); Ctrl+C there stops it`);
  const ended = new Promise<number>((resolve) => {
    server.onExit((info) => {
      if (info.reason === 'crashed' || info.reason === 'runaway') ctx.write(red(`${run.tool}: ${info.reason === 'crashed' ? 'the server crashed: ' : ''}${info.message}\n`));
      resolve(exitStatus(info));
    });
  });
  return ctx.hold(ended, () => server.stop());
}

/** `wasmedge [--env NAME=value]... <module> [args...]`, parsed as src/command-line/wasmedge.ts says. */
export function wasmedge(ctx: CommandContext, args: string[]): Promise<number> | number {
  let parsed;
  try {
    parsed = parseWasmedgeArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    ctx.write(red(`wasmedge: ${error.message}\n`) + `${WASMEDGE_USAGE}\n`);
    return 2;
  }
  if (parsed === 'version') {
    ctx.write('wasmedge (in this page: the Containerless runtime, WASI preview 1 with the WasmEdge socket extension)\n');
    return 0;
  }
  if (parsed === 'help') {
    ctx.write(`${WASMEDGE_USAGE}\n`);
    return 0;
  }
  if (parsed.dirs.length > 0) ctx.write(dim('(--dir: this folder is not shared with the module here; the word generator needs no files)\n'));
  return runModule(ctx, { tool: 'wasmedge', path: parsed.file, args: parsed.guestArgs, env: parsed.env });
}

/** `containerless run <module> [options] [-- args...]`: the same options, and meanings, as the CLI (src/command-line/run.ts). */
export function containerlessRun(ctx: CommandContext, args: string[]): Promise<number> | number {
  let parsed;
  try {
    parsed = parseRunArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    ctx.write(red(`containerless run: ${error.message}\n`) + dim('(containerless run --help lists the options)\n'));
    return 2;
  }
  if (parsed === 'help') {
    ctx.write(`${RUN_USAGE.replace(/127\.0\.0\.1/g, 'localhost')}\n`);
    return 0;
  }
  // The page's localhost is its virtual network: serving on port N there means the guest listens on N.
  const env = parsed.port !== undefined && parsed.port !== 0 ? { ...parsed.env, PORT: String(parsed.port) } : parsed.env;
  return runModule(ctx, {
    tool: 'containerless run', path: parsed.file, args: parsed.guestArgs, env, mode: parsed.mode, trace: parsed.trace,
  });
}
