// What a running server reports: its status, log lines, how it ended, and why it could not start.

export type ServerMode = 'auto' | 'jspi' | 'per-request';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** ms since the server started */
  time: number;
}

export interface ExitInfo {
  reason: 'exited' | 'crashed' | 'stopped' | 'runaway';
  exitCode?: number;
  message: string;
  /** the last few KiB the guest wrote to stderr */
  stderr: string;
}

export type ServerStatus = 'starting' | 'listening' | 'stopped' | 'crashed' | 'exited' | 'runaway';

/** The guest ended or trapped before it listened. */
export class ServerStartError extends Error {
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.name = 'ServerStartError';
    this.stderr = stderr;
  }
}
