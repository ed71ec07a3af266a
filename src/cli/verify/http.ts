// Small HTTP helpers over fetch, with a timeout: a check must never hang.

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export async function httpGet(url: string, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { headers: options.headers ?? {}, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The reason a request failed, in words (fetch hides the useful part in `cause`). */
export function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  return error instanceof Error ? error.message : String(error);
}

/** Polls `url` until it answers 200, the deadline passes, or `stopped` resolves (the server died). */
export async function waitUntilServing(url: string, deadlineMs: number, stopped?: Promise<unknown>): Promise<boolean> {
  let gone = false;
  void stopped?.then(() => (gone = true));
  const end = Date.now() + deadlineMs;
  while (Date.now() < end && !gone) {
    try {
      if ((await httpGet(url, { timeoutMs: 1000 })).status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

/** The word the server answered for `letter`, or a description of what was wrong with the answer. */
export function readWord(answer: HttpAnswer, letter: string): { word: string } | { problem: string } {
  const word = answer.body.trim();
  if (answer.status !== 200) return { problem: `HTTP ${answer.status}: ${word.slice(0, 120)}` };
  if (!/^[a-z][a-z'-]*$/i.test(word)) return { problem: `the answer is not a word: ${JSON.stringify(word.slice(0, 80))}` };
  if (!word.toLowerCase().startsWith(letter)) return { problem: `"${word}" does not start with ${letter}` };
  return { word };
}
