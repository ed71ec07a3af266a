import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { isTrack, parseClock, trackTitle, TRACK_IDS, clockTime } from '../workshop/agenda.ts';
import { attendeeUrls } from '../workshop/addresses.ts';
import { buildState } from '../workshop/build-state.ts';
import { readCourse } from '../workshop/course.ts';
import { projectRoot } from '../workshop/paths.ts';
import { startWorkshop } from '../workshop/server.ts';
import { baseFromEnv } from '../serve/base-path.ts';

// `containerless workshop`: the built site plus live room progress, from this machine, with no internet.

const HELP = `Usage: containerless workshop [options]

Serves the site to the room with a progress service: attendees join from the page they are on, and the room view
(/workshop/room/, facilitator link below) shows where everyone is, live. Builds the site first when dist/ is missing
or older than its sources. Starting it again resumes the same workshop (same data file, same facilitator link).

Options:
  --host HOST       address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: the local network)
  --port PORT       port (default 4321)
  --track TRACK     agenda: browser (2 h, browser only), half-day (3 h) or day (full day)
  --start HH:MM     clock time the workshop starts (default: the next quarter hour, kept on restart)
  --data FILE       the workshop's data file (default ~/.local/share/containerless/workshop.sqlite)
  --no-build        serve dist/ as it is, even when it is older than the sources
  -h, --help        show this help

Examples:
  containerless workshop --host 0.0.0.0 --track half-day --start 09:30
  containerless workshop --data ./friday.sqlite`;

export function defaultDataFile(): string {
  const base = process.env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share');
  return join(base, 'containerless', 'workshop.sqlite');
}

export async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        track: { type: 'string' },
        start: { type: 'string' },
        data: { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`containerless workshop: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port ?? '4321');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`containerless workshop: --port must be a number from 0 to 65535, not "${values.port}".`);
    return 2;
  }
  if (values.track !== undefined && !isTrack(values.track)) {
    console.error(`containerless workshop: --track must be one of ${TRACK_IDS.join(', ')}, not "${values.track}".`);
    return 2;
  }
  const startAt = values.start === undefined ? undefined : parseClock(values.start);
  if (values.start !== undefined && startAt === undefined) {
    console.error(`containerless workshop: --start takes a clock time like 09:30, not "${values.start}".`);
    return 2;
  }
  let base: string;
  try {
    // A site built with CONTAINERLESS_BASE is served, with the workshop's API, under that path.
    base = baseFromEnv();
  } catch (error) {
    console.error(`containerless workshop: ${(error as Error).message}`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';
  const dist = join(projectRoot, 'dist');
  const dataFile = resolve(values.data ?? defaultDataFile());

  const state = buildState(projectRoot, dist);
  if (state !== 'fresh' && !(values['no-build'] && state === 'stale')) {
    console.log(state === 'missing' ? 'The site is not built yet: building it (once, about a minute)...' : 'The site is older than its sources: building it again...');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const build = spawnSync(npm, ['run', 'build'], { cwd: projectRoot, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error(`containerless workshop: the build failed${build.error ? ` (${build.error.message})` : ''}. Fix it, or serve the last build with --no-build.`);
      return 1;
    }
  }

  let running;
  try {
    running = await startWorkshop({
      dist,
      dataFile,
      base,
      course: readCourse(join(projectRoot, 'content', 'lessons')),
      host,
      port,
      ...(values.track ? { track: values.track as (typeof TRACK_IDS)[number] } : {}),
      ...(startAt !== undefined ? { startAt } : {}),
      attendeeUrls: (p) => attendeeUrls(host, p, `${base}workshop/`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is in use (another server?); pick another with --port` : (error as Error).message;
    console.error(`containerless workshop: cannot start: ${why}.`);
    return 1;
  }

  const { track, startAt: at, rows } = running.workshop.agenda();
  const facilitatorUrl = `${running.url}${base}workshop/room/#token=${running.token}`;
  const lines = [
    '',
    `Workshop data: ${dataFile} (owner-only; starting again resumes this workshop)`,
    `Agenda: ${trackTitle(track)}, ${clockTime(at)} to ${clockTime(at + rows.reduce((n, r) => n + r.minutes, 0) * 60_000)} (change it with --track/--start or on the room view)`,
    '',
    'Facilitator (keep this to yourself: the link carries your token)',
    `  room view: ${facilitatorUrl}`,
    `  token:     ${running.token}`,
    await QRCode.toString(facilitatorUrl, { type: 'terminal', small: true }),
    'Attendees: open',
    ...running.urls.map((u) => `  ${u}`),
    host === '127.0.0.1' || host === 'localhost' ? '  (this machine only: to let the room in, start with --host 0.0.0.0)' : '',
    await QRCode.toString(running.urls[0] ?? running.url, { type: 'terminal', small: true }),
    'Ctrl-C stops the server; nothing is lost.',
  ];
  console.log(lines.filter((l, i) => l !== '' || i === 0 || lines[i - 1] !== '').join('\n'));

  await new Promise<void>((resolvePromise) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      console.log('\nStopping the workshop server...');
      void running.close().then(() => resolvePromise());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log(`Stopped. Everything is kept in ${dataFile}; run the same command to carry on.`);
  return 0;
}
