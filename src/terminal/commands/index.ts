// Every command of the in-page terminal, one declaration each: its name, how to call it, what it does, how it
// runs and what Tab offers after it. `help`, completion and "did you mean" are built from this list, so adding a
// command is adding one entry here (the shape of the CLI's table in src/cli/main.ts).
import { bold, dim } from '../ansi.ts';
import type { Command, CommandContext, CommandDeclaration } from '../context.ts';

export type { CommandDeclaration } from '../context.ts';
import { cat, jobs, kill, ls } from './builtins.ts';
import { curl, curlTargets } from './curl.ts';
import { elsewhereNames, runsElsewhere } from './elsewhere.ts';
import { containerlessRun, wasmedge } from './run-module.ts';

const help: Command = (ctx) => {
  ctx.write(helpText(ctx.shell.commands) + (ctx.shell.extraHelp ? `\n${ctx.shell.extraHelp}` : ''));
  return 0;
};

/** The `help` text, from the declarations. */
export function helpText(commands: readonly CommandDeclaration[]): string {
  const lines = commands.filter((c) => c.listed !== false).map((c) => `  ${c.usage.length < 31 ? c.usage.padEnd(31) : `${c.usage}   `}${c.summary}`);
  const elsewhere = commands.filter((c) => c.elsewhere === true).map((c) => c.name);
  const last = elsewhere.pop();
  return `${bold('Commands in this terminal')} (everything runs in your browser):\n${lines.join('\n')}\n` +
    `${dim('Tab completes commands and file names. Ctrl+C stops a server that holds the prompt.')}\n` +
    `${dim('Ctrl+V (⌘V on a Mac) or Shift+Insert pastes; select with the mouse and press Ctrl+Shift+C (⌘C) to copy.')}\n` +
    `${dim(`${elsewhere.join(', ')} and ${last} run on your own machine: typing one shows the step to copy.`)}\n`;
}

const containerless: Command = (ctx, args) => {
  if (args[0] === 'run') return containerlessRun(ctx, args.slice(1));
  if (args[0] === 'verify') return runsElsewhere(ctx, 'containerless verify', args.slice(1));
  ctx.write('usage: containerless run <module.wasm> [--port N] [--env K=V] [--mode M] [--trace] [-- args...] [&]\n       (containerless verify runs on your machine)\n');
  return 2;
};

// The WASI 0.2 component runner loads only when someone types jco: most terminals never need it.
const jco: Command = async (ctx, args) => (await import('./component.ts')).jco(ctx, args);

const npx: Command = (ctx: CommandContext, args) => {
  const [tool, ...rest] = args;
  if (tool === 'jco') return jco(ctx, rest);
  if (tool === 'containerless') return containerless(ctx, rest);
  ctx.write(`npx: this terminal has no npm registry; here npx runs ${'`jco`'} and ${'`containerless`'}.\n`);
  return 127;
};

export const COMMANDS: readonly CommandDeclaration[] = [
  { name: 'wasmedge', usage: 'wasmedge <module> [args] [&]', summary: 'run a module; & keeps a server in the background', run: wasmedge },
  { name: 'containerless', usage: 'containerless run <module> [--port N] [&]', summary: 'the same, as the project\'s own CLI does it', run: containerless },
  { name: 'curl', usage: 'curl [-i] [-v] [-X M] [-H h] [-d data] URL', summary: 'call a server on this page\'s network', run: curl, complete: (files) => [...files, ...curlTargets] },
  { name: 'jco', usage: 'jco run|wit <component>', summary: 'the WASI 0.2 component (lesson 9)', run: jco },
  { name: 'jobs', usage: 'jobs', summary: 'list background servers', run: jobs },
  { name: 'kill', usage: 'kill %N', summary: 'stop background job N', run: kill },
  { name: 'ls', usage: 'ls [-l]', summary: 'list the files here', run: ls },
  { name: 'cat', usage: 'cat <file>', summary: 'show a text file', run: cat },
  {
    name: 'history', usage: 'history', summary: 'commands you typed (arrow keys recall them)',
    run: (ctx) => (ctx.shell.history.forEach((line, i) => ctx.write(`${String(i + 1).padStart(4)}  ${line}\n`)), 0),
  },
  { name: 'clear', usage: 'clear', summary: 'clear the screen (Ctrl+L)', run: (ctx) => (ctx.shell.clear(), 0) },
  { name: 'help', usage: 'help', summary: 'this list', run: help },
  {
    name: 'echo', usage: 'echo [words]', listed: false, summary: 'print its arguments ($? is the last exit status)',
    run: (ctx, args) => (ctx.write(args.map((a) => (a === '$?' ? String(ctx.shell.lastStatus) : a)).join(' ') + '\n'), 0),
  },
  { name: 'pwd', usage: 'pwd', listed: false, summary: 'the folder here', run: (ctx) => (ctx.write('/workspace\n'), 0) },
  { name: 'npx', usage: 'npx jco|containerless ...', listed: false, summary: 'runs jco and containerless', run: npx },
  ...elsewhereNames.map((tool): CommandDeclaration => ({ name: tool, usage: tool, summary: 'runs on your own machine', listed: false, elsewhere: true, run: (ctx, args) => runsElsewhere(ctx, tool, args) })),
];
