// `containerless <command>`: each subcommand lives in its own file and is loaded only when asked for,
// so `containerless verify` never pays for the runtime and `containerless run` never for the checks.
const commands = {
  run: {
    summary: 'run a WASI module: a command with your terminal, or a server on a real localhost port',
    load: () => import('./run.ts'),
  },
  verify: {
    summary: "check each guided step's result on your machine and cluster (changes nothing)",
    load: () => import('./verify.ts'),
  },
  serve: {
    summary: 'serve the built site (dist/) compressed, as `npm start` does',
    load: () => import('./serve.ts'),
  },
  workshop: {
    summary: 'run a workshop from this machine: the site, live room progress and a help queue',
    load: () => import('./workshop.ts'),
  },
  ready: {
    summary: 'check this machine has what the cluster lessons need, with a fix for each miss',
    load: () => import('./ready.ts'),
  },
} as const;

type CommandName = keyof typeof commands;

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return ['Usage: containerless <command> [options]', '', 'Commands:', ...lines, '', 'Run `containerless <command> --help` for its options.'].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (!(name in commands)) {
    console.error(`containerless: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  const mod = await commands[name as CommandName].load();
  return mod.main(rest);
}
