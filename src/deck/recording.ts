/**
 * Recorded terminal sessions for the decks: a file in `slides/recordings/` holds the commands a speaker typed in a
 * slide terminal and what the real module answered. On stage it replays at typing pace (src/deck/replay.ts); in CI
 * each recording is run again on the real module (tests/unit/deck/recordings.test.ts) and any drift fails, except the
 * random word itself. DOM-free, so the check runs in Node.
 */

export interface Exchange {
  /** The command line, as typed. */
  command: string;
  /** What the shell printed, without colours, "\n" line ends. */
  output: string;
}

export interface Recording {
  /** Shown on the replay's badge. */
  title: string;
  /** YYYY-MM-DD: when it was recorded; the badge says so. */
  recorded: string;
  exchanges: Exchange[];
}

/** Reads a recording file's JSON; throws a message naming what is wrong, never a half-read recording. */
export function parseRecording(json: string, name = 'recording'): Recording {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new Error(`${name}: not JSON (${(error as Error).message})`);
  }
  const r = data as Partial<Recording> | null;
  if (typeof r !== 'object' || r === null) throw new Error(`${name}: expected an object`);
  if (typeof r.title !== 'string' || r.title.trim() === '') throw new Error(`${name}: "title" must be a non-empty string`);
  if (typeof r.recorded !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.recorded)) throw new Error(`${name}: "recorded" must be a date, YYYY-MM-DD`);
  if (!Array.isArray(r.exchanges) || r.exchanges.length === 0) throw new Error(`${name}: "exchanges" must be a non-empty list`);
  r.exchanges.forEach((e, i) => {
    const x = e as Partial<Exchange> | null;
    if (typeof x?.command !== 'string' || x.command.trim() === '' || typeof x.output !== 'string') {
      throw new Error(`${name}: exchange ${i + 1} needs a "command" and an "output" string`);
    }
  });
  return { title: r.title, recorded: r.recorded, exchanges: r.exchanges.map((e) => ({ command: e.command, output: e.output })) };
}

/**
 * The output with its random part masked: the word the server picked. A body line that is one lowercase word
 * starting with the asked letter (any letter when none was asked) becomes `<word:d>`, and the Content-Length that
 * carries its length becomes `<n>`. Anything else, a status line, a header, a log line, a word with the wrong first
 * letter, stays as it is, so a change there is a drift.
 */
export function maskRandom(command: string, output: string): string {
  if (!/\bcurl\b/.test(command)) return output;
  const letter = /starts_with=([a-zA-Z])/.exec(command)?.[1]?.toLowerCase();
  let masked = false;
  const lines = output.split('\n').map((line) => {
    if (/^[a-z]+$/.test(line) && (letter === undefined || line.startsWith(letter))) {
      masked = true;
      return `<word:${letter ?? '*'}>`;
    }
    return line;
  });
  const text = lines.join('\n');
  return masked ? text.replace(/^Content-Length: \d+$/m, 'Content-Length: <n>') : text;
}

export interface Drift {
  command: string;
  recorded: string;
  now: string;
}

/** Exchanges whose output now differs from the recording beyond the random word. */
export function drift(recording: Recording, fresh: readonly string[]): Drift[] {
  return recording.exchanges.flatMap((exchange, i) => {
    const recorded = maskRandom(exchange.command, exchange.output);
    const now = maskRandom(exchange.command, fresh[i] ?? '');
    return recorded === now ? [] : [{ command: exchange.command, recorded, now }];
  });
}

/** One frame of a replay: after `delay` ms, show `text` typed (the command) or printed (the output). */
export interface ReplayFrame {
  delay: number;
  kind: 'prompt' | 'key' | 'enter' | 'output';
  text: string;
}

/**
 * The replay as frames at a natural typing pace: a pause, the command one character at a time (a little uneven, as
 * people type; `random` is injectable so tests are exact), Enter, then the output after a short think.
 */
export function replayFrames(recording: Recording, random: () => number = Math.random): ReplayFrame[] {
  const frames: ReplayFrame[] = [];
  for (const exchange of recording.exchanges) {
    frames.push({ delay: 600, kind: 'prompt', text: '$ ' });
    for (const char of exchange.command) frames.push({ delay: Math.round(55 + random() * 70 + (char === ' ' ? 60 : 0)), kind: 'key', text: char });
    frames.push({ delay: 350, kind: 'enter', text: '\n' });
    frames.push({ delay: 250, kind: 'output', text: exchange.output });
  }
  return frames;
}
