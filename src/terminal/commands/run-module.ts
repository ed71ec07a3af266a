import type { GuestModule } from '../../runtime/index.ts';
import { dim, red } from '../ansi.ts';
import type { CommandContext } from '../context.ts';
import { resolveName } from '../files.ts';
import type { HostedServer } from '../host.ts';

// `wasmedge <module>` and `containerless run <module>`: a command module runs to its exit code; a server
// module listens on the shell's localhost (its guest host), in the background with `&` or holding the prompt without.

export interface ModuleRun {
  /** how the learner called it, for messages: "wasmedge" or "containerless run" */
  tool: string;
  path: string;
  args: string[];
  env: Record<string, string>;
}

async function load(ctx: CommandContext, tool: string, path: string): Promise<GuestModule | undefined> {
  const name = resolveName(path);
  const modules = await ctx.environment.modules();
  const known = name === undefined ? undefined : modules.find((m) => m.file === name);
  if (!known) {
    const here = modules.map((m) => m.file).join(', ');
    const own = /target\/wasm32-wasi(p1)?\//.test(path) ? ' That path is your own build, on your machine; the same module is here as word_generator.wasm.' : '';
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
  });
  const ended = running.then((outcome): number => {
    if (outcome.kind === 'exited') return outcome.exitCode;
    if (outcome.kind === 'interrupted') {
      ctx.write('^C\n');
      return 130;
    }
    if (outcome.kind === 'trapped') {
      ctx.write(red(`${run.tool}: the module trapped: ${outcome.message}\n`));
      return 134;
    }
    // Stopped by the runaway bound: 137, as a shell reports a process it had to kill.
    ctx.write(red(`${run.tool}: ${outcome.message}\n`) + dim('(a module that computes forever is stopped so the page keeps working)\n'));
    return 137;
  });
  // Where the guest can be ended (its own Worker), Ctrl+C does so, as it stops a process on a machine.
  return ctx.host.canInterrupt ? ctx.hold(ended, async () => interrupt.abort()) : ended;
}

async function serve(ctx: CommandContext, run: ModuleRun, guest: GuestModule): Promise<number> {
  let server: HostedServer;
  // Until it is a background job, the server's output is this command's output.
  let write = (text: string) => ctx.write(text);
  const port = Number(run.env['PORT'] ?? 8090);
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
    });
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
      resolve(info.reason === 'stopped' ? 130 : info.reason === 'runaway' ? 137 : (info.exitCode ?? 1));
    });
  });
  return ctx.hold(ended, () => server.stop());
}

/** `wasmedge [--env NAME=value]... <module> [args...]` */
export function wasmedge(ctx: CommandContext, args: string[]): Promise<number> | number {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--version') {
      ctx.write('wasmedge (in this page: the Containerless runtime, WASI preview 1 with the WasmEdge socket extension)\n');
      return 0;
    }
    if (a === '--help' || a === '-h') {
      ctx.write('usage: wasmedge [--env NAME=value]... <module.wasm> [args...]\n');
      return 0;
    }
    if (a === '--env') {
      const pair = args[++i];
      if (!pair || !pair.includes('=')) {
        ctx.write(red('wasmedge: --env needs NAME=value, e.g. --env PORT=3000\n'));
        return 2;
      }
      const at = pair.indexOf('=');
      env[pair.slice(0, at)] = pair.slice(at + 1);
    } else if (a === '--dir') {
      i++;
      ctx.write(dim('(--dir: this folder is not shared with the module here; the word generator needs no files)\n'));
    } else if (a.startsWith('-')) {
      ctx.write(red(`wasmedge: unknown option ${a}\n`) + 'usage: wasmedge [--env NAME=value]... <module.wasm> [args...]\n');
      return 2;
    } else break;
  }
  const path = args[i];
  if (!path) {
    ctx.write('usage: wasmedge [--env NAME=value]... <module.wasm> [args...]\nTry: wasmedge word_generator.wasm &\n');
    return 2;
  }
  return runModule(ctx, { tool: 'wasmedge', path, args: args.slice(i + 1), env });
}

/** `containerless run <module> [--port N] [--env NAME=value]... [-- args...]` */
export function containerlessRun(ctx: CommandContext, args: string[]): Promise<number> | number {
  const usage = 'usage: containerless run <module.wasm> [--port N] [--env NAME=value]... [-- args...]\n';
  const env: Record<string, string> = {};
  let path: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a === '--port') {
      const port = Number(args[++i]);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        ctx.write(red('containerless run: --port needs a number from 1 to 65535\n'));
        return 2;
      }
      env['PORT'] = String(port);
    } else if (a === '--env') {
      const pair = args[++i] ?? '';
      const at = pair.indexOf('=');
      if (at < 1) {
        ctx.write(red('containerless run: --env needs NAME=value\n'));
        return 2;
      }
      env[pair.slice(0, at)] = pair.slice(at + 1);
    } else if (a === '--trace' || a.startsWith('--mode')) {
      if (a === '--mode') i++;
    } else if (a.startsWith('-')) {
      ctx.write(red(`containerless run: unknown option ${a}\n`) + usage);
      return 2;
    } else if (path === undefined) path = a;
    else rest.push(a);
  }
  if (!path) {
    ctx.write(usage);
    return 2;
  }
  return runModule(ctx, { tool: 'containerless run', path, args: rest, env });
}
