import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BASE_ENV, baseFromEnv, normaliseBase } from '../serve/base-path.ts';
import { createStaticHandler } from '../serve/static-files.ts';
import { projectRoot } from '../workshop/paths.ts';

// `containerless serve`: the built site from dist/, compressed, on 127.0.0.1:4321 (what `npm start` runs).

const HELP = `Usage: containerless serve [options]

Serves the built site (dist/) with compression and caching headers. Build it first with \`npm run build\`
(\`npm start\` does both).

Options:
  --host HOST   address to listen on (default 127.0.0.1; 0.0.0.0 for every network)
  --port PORT   port (default 4321; 0 picks a free one)
  --dir PATH    folder to serve (default dist/ in the project)
  --base PATH   the path the site was built for, e.g. /containerless/ (default: $CONTAINERLESS_BASE, else /);
                a sub-path build must be served under its own base
  -h, --help    show this help`;

export async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { host: { type: 'string' }, port: { type: 'string' }, dir: { type: 'string' }, base: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`containerless serve: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const dir = values.dir ?? join(projectRoot, 'dist');
  if (!existsSync(join(dir, 'index.html'))) {
    console.error(`containerless serve: ${dir} holds no built site. Run \`npm run build\` first (or \`npm start\`, which builds and serves).`);
    return 1;
  }
  const port = Number(values.port ?? '4321');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`containerless serve: --port must be a number from 0 to 65535, not "${values.port}".`);
    return 2;
  }
  let base: string;
  try {
    base = values.base === undefined ? baseFromEnv() : normaliseBase(values.base);
  } catch (error) {
    console.error(`containerless serve: ${(error as Error).message.replace(BASE_ENV, values.base === undefined ? BASE_ENV : '--base')}`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';
  const handler = createStaticHandler({ root: dir, base });
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Server error: ${(error as Error).message}\n`);
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(`containerless serve: cannot listen on ${host}:${port}${code === 'EADDRINUSE' ? ' (the port is in use; pick another with --port)' : `: ${(error as Error).message}`}.`);
    return 1;
  }
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`Serving ${dir} at http://${host.includes(':') ? `[${host}]` : host}:${actual}${base} (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
