// Writing a guest's output to this process's stdout and stderr as it comes, with nothing kept: each write waits
// until the pipe took it (back-pressure: a slow reader slows the guest, memory stays flat), and a reader that went
// away (`containerless run cli.wasm | head`) ends the guest quietly, as SIGPIPE ends a program in a shell.
import { writeSync } from 'node:fs';

/** The status a shell reports for a program ended by SIGPIPE (128 + 13). */
export const EXIT_BROKEN_PIPE = 141;

const pause = new Int32Array(new SharedArrayBuffer(4));
let broken = false;

/** The reader of stdout or stderr went away: the guest was ended for it (report 141, say nothing). */
export function pipeBroke(): boolean {
  return broken;
}

class BrokenPipe extends Error {
  constructor() {
    super('the reader of this output went away');
    this.name = 'BrokenPipe';
  }
}

/** A sink for the guest's stdout or stderr that writes straight to a file descriptor. */
export function descriptorSink(fd: number): (bytes: Uint8Array) => void {
  return (bytes) => {
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(fd, bytes, at, bytes.length - at);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A non-blocking pipe that is full: wait a moment for the reader, then go on (the guest waits with us).
        if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 2);
        else if (code === 'EPIPE' || code === 'ECONNRESET') {
          // Thrown through the guest's fd_write: it ends the run, which the caller reports as a broken pipe.
          broken = true;
          throw new BrokenPipe();
        }
        else throw error;
      }
    }
  };
}
