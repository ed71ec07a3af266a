// Child processes in tests: waiting for a line a child prints (its own sign that it is ready), and whether a
// process still runs. A grandchild is not the test's child, so no exit event reaches it: tests poll that with expect.poll.
import type { ChildProcess } from 'node:child_process';

/** True while a process with this id exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `pattern` appears in what the child printed; rejects if it exits first or time runs out. */
export function waitForOutput(child: ChildProcess, text: () => string, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${what} did not start within ${timeoutMs} ms:\n${text()}`)), timeoutMs);
    const check = (): void => {
      const m = pattern.exec(text());
      if (m) done(undefined, m);
    };
    const exited = (code: number | null): void => done(new Error(`${what} exited (${code}) before it served:\n${text()}`));
    function done(error?: Error, match?: RegExpMatchArray): void {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
      if (error) reject(error);
      else resolve(match!);
    }
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', exited);
    check();
  });
}

/** Everything the child printed so far, stdout and stderr together. */
export function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  return () => text;
}
