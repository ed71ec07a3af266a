import { componentFacts } from '../../wasip2/facts.ts';
import { ComponentTrap, runComponent } from '../../wasip2/run.ts';
import { dim, red, yellow } from '../ansi.ts';
import type { CommandContext } from '../context.ts';

// `jco run` and `jco wit` on the word generator's WASI 0.2 component, as the lesson types them with npx on a
// machine. Here the component is the one transpiled when the site was built; `jco new` and `jco transpile` make
// files, so they are for your own machine.

const COMPONENT = componentFacts.component.file;
const USAGE = `usage: jco run ${COMPONENT} [args...]   run the component (try --starts-with w --count 3)
       jco wit ${COMPONENT}             print its WIT world
`;

/** The world as `jco wit` prints it. */
export function worldText(): string {
  const { imports, exports } = componentFacts.world;
  return `package root:component;\n\nworld root {\n${imports.map((i) => `  import ${i};\n`).join('')}\n${exports.map((e) => `  export ${e};\n`).join('')}}\n`;
}

function checkFile(ctx: CommandContext, sub: string, file: string | undefined): boolean {
  if (file === COMPONENT) return true;
  if (file === undefined) ctx.write(USAGE);
  else if (file === componentFacts.module.file || file.endsWith('.wasm')) {
    ctx.write(red(`jco ${sub}: ${file} is a core module, not a component.\n`));
    ctx.write(dim(`Run it with: wasmedge ${file} ...   or run the component: jco ${sub} ${COMPONENT}\n`));
  } else ctx.write(red(`jco ${sub}: no such component here: ${file} (there is ${COMPONENT})\n`));
  return false;
}

export async function jco(ctx: CommandContext, args: string[]): Promise<number> {
  const [sub, file, ...rest] = args;
  if (sub === 'new' || sub === 'transpile' || sub === 'opt') {
    ctx.write(`${yellow(`jco ${sub}: this runs on your own machine`)}: it writes files, and this page builds none.\n`);
    ctx.write(dim(`The page already holds ${COMPONENT}, made with jco ${componentFacts.jco}; lesson 9 shows the command.\n`));
    return 127;
  }
  if (sub !== 'run' && sub !== 'wit') {
    ctx.write(USAGE);
    return sub === undefined || sub === '--help' || sub === 'help' ? 0 : 2;
  }
  if (!checkFile(ctx, sub, file)) return 2;
  if (sub === 'wit') {
    ctx.write(worldText());
    return 0;
  }
  try {
    const result = await runComponent((served) => ctx.environment.loadModule(served).then((m) => m.module), {
      args: rest,
      onStdout: (text) => ctx.write(text),
      onStderr: (text) => ctx.write(red(text)),
    });
    return result.exitCode;
  } catch (error) {
    if (!(error instanceof ComponentTrap)) throw error;
    ctx.write(red(`jco run: the component trapped: ${error.message}\n`));
    return 134;
  }
}
