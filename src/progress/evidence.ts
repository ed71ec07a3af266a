// What proves an in-page step done, read from what the page's terminal actually did: the command line, its exit
// status and what it printed. The same facts `containerless verify` checks on a real machine (the listener came up,
// a 200 with a word, a 400 for a bad letter), so a step reads the same in both places. No DOM: tested in Node.
import { GUEST_PORT } from '../course/facts.ts';
import { plain } from '../terminal/ansi.ts';

export const evidenceKinds = ['cli-words', 'listener-up', 'word-200', 'health-200', 'bad-letter-400'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/** One command the terminal ran, as it ended. */
export interface Ran {
  line: string;
  status: number;
  output: string;
}

/** What each kind means, in the words the step shows before it is seen. */
export const evidenceLabels: Record<EvidenceKind, string> = {
  'cli-words': 'the command-line module prints words',
  'listener-up': `the server's listener comes up on port ${GUEST_PORT}`,
  'word-200': 'a 200 answer with a word',
  'health-200': 'a 200 "ok" from /healthz',
  'bad-letter-400': 'a 400 answer for a bad letter',
};

const lines = (text: string) => plain(text).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const isCurl = (line: string) => /^(?:curl)\s/.test(line.trim());

/** The evidence text when `ran` proves `kind`, else undefined. */
export function evidenceIn(kind: EvidenceKind, ran: Ran): string | undefined {
  const out = lines(ran.output);
  const text = out.join('\n');
  switch (kind) {
    case 'cli-words': {
      if (!/\bword_generator_cli\.wasm\b/.test(ran.line) || ran.status !== 0) return undefined;
      const words = out.filter((l) => /^[a-z]+$/.test(l));
      return words.length > 0 && words.length === out.length ? `printed ${words.length} word${words.length === 1 ? '' : 's'}: ${words.slice(0, 3).join(', ')}` : undefined;
    }
    case 'listener-up': {
      if (!/\bword_generator\.wasm\b/.test(ran.line)) return undefined;
      const port = /(?:runs in the background on port|Listening on http:\/\/[\d.]+:)\s*(\d+)/.exec(text)?.[1];
      return port ? `the listener came up on port ${port}` : undefined;
    }
    case 'word-200': {
      if (!isCurl(ran.line) || ran.status !== 0) return undefined;
      const letter = /starts_with=([a-z])(?![a-z])/.exec(ran.line)?.[1];
      if (!letter) return undefined;
      if (out.some((l) => /^HTTP\/1\.[01] (?!200)/.test(l))) return undefined;
      const word = out.find((l) => new RegExp(`^${letter}[a-z]*$`).test(l));
      return word ? `200 with a word: "${word}"` : undefined;
    }
    case 'health-200':
      return isCurl(ran.line) && /\/healthz\b/.test(ran.line) && /^HTTP\/1\.[01] 200\b/m.test(text) && out.includes('ok') ? '200 "ok" from /healthz' : undefined;
    case 'bad-letter-400':
      return isCurl(ran.line) && /starts_with=/.test(ran.line) && /^HTTP\/1\.[01] 400\b/m.test(text) ? '400 Bad Request for a bad letter' : undefined;
  }
}
