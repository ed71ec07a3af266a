import { dim, red } from '../ansi.ts';
import type { CommandContext } from '../context.ts';
import { listing, resolveName, textFiles } from '../files.ts';
import { SERVER_MODULE } from '../../course/facts.ts';

export async function ls(ctx: CommandContext, args: string[]): Promise<number> {
  const long = args.some((a) => a.startsWith('-') && a.includes('l'));
  const unknown = args.filter((a) => !a.startsWith('-') && a !== '.' && a !== './');
  if (unknown.length > 0) {
    ctx.write(red(`ls: ${unknown[0]}: there is only this one folder here\n`));
    return 2;
  }
  const files = listing(await ctx.environment.modules());
  if (long) {
    for (const f of files) ctx.write(`${String(f.bytes).padStart(8)}  ${f.file}${f.role === 'text' ? '' : dim(`  ${f.role}`)}\n`);
  } else ctx.write(files.map((f) => f.file).join('  ') + '\n');
  return 0;
}

export async function cat(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length === 0) {
    ctx.write('usage: cat <file>   (try: cat README.md)\n');
    return 2;
  }
  let status = 0;
  const modules = await ctx.environment.modules();
  for (const arg of args) {
    const name = resolveName(arg);
    const text = textFiles.find((f) => f.file === name);
    const module = modules.find((m) => m.file === name);
    if (text) ctx.write(text.text.endsWith('\n') ? text.text : text.text + '\n');
    else if (module) {
      ctx.write(`cat: ${arg}: a binary WebAssembly module (${module.bytes} bytes), not text. Run it: wasmedge ${module.file}\n`);
      status = 1;
    } else {
      ctx.write(red(`cat: ${arg}: No such file\n`));
      status = 1;
    }
  }
  return status;
}

export function jobs(ctx: CommandContext): number {
  const list = ctx.jobs();
  if (list.length === 0) ctx.write(dim(`No background jobs. Start one with: wasmedge ${SERVER_MODULE} &\n`));
  list.forEach((j, i) => {
    const mark = i === list.length - 1 ? '+' : i === list.length - 2 ? '-' : ' ';
    const where = j.state === 'Running' ? dim(`   (port ${j.server.port})`) : '';
    ctx.write(`[${j.id}]${mark}  ${j.state.padEnd(10)} ${j.line}${where}\n`);
  });
  return 0;
}

export async function kill(ctx: CommandContext, args: string[]): Promise<number> {
  const target = args.find((a) => !a.startsWith('-')); // signals (-9, -TERM) all stop the server the same way
  if (!target) {
    ctx.write('usage: kill %N   (jobs lists the numbers)\n');
    return 2;
  }
  const id = Number(target.replace(/^%/, ''));
  const job = ctx.jobs().find((j) => j.id === id);
  if (!job) {
    ctx.write(red(`kill: ${target}: no such job`) + dim(' (jobs lists them)\n'));
    return 1;
  }
  if (job.state !== 'Running') {
    ctx.write(`kill: ${target}: that job already ended (${job.state})\n`);
    return 1;
  }
  job.state = 'Killed';
  await job.server.stop();
  ctx.write(`[${job.id}]   Terminated   ${job.line}\n`);
  return 0;
}
