// Errors that cross a Worker or a worker thread: `postMessage` clones an Error as a plain Error and drops its
// class and fields, so every error the host may throw is encoded to a report and decoded back to its own class here,
// and a page-side `instanceof HttpError` or `instanceof GuestTrap` works as it does in-process.
import { HttpError, type HttpErrorCode } from '../http/errors.ts';
import { GuestTrap } from '../guest/trap.ts';
import { MissingImportError, NotWasmError } from '../guest/module.ts';
import { ServerStartError } from '../guest/server-types.ts';

/** The guest gave no answer within the bound; the thread it ran on was ended. */
export class RunawayError extends Error {
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.name = 'RunawayError';
    this.stderr = stderr;
  }
  static after(timeoutMs: number, stderr: string): RunawayError {
    return new RunawayError(`the module gave no answer within ${timeoutMs} ms, so it was stopped`, stderr);
  }
}

/** The user ended the guest (Ctrl+C). */
export class InterruptedError extends Error {
  constructor() {
    super('the module was interrupted');
    this.name = 'AbortError';
  }
}

/** An error of a kind this codec does not know, with the name and fields it had on the other side. */
export class RemoteError extends Error {
  readonly stderr: string;
  readonly code: string | undefined;
  constructor(r: ErrorReport) {
    super(r.message);
    this.name = r.name;
    this.stderr = r.stderr ?? '';
    this.code = r.code;
  }
}

/** An error as it crosses `postMessage`. */
export interface ErrorReport {
  name: string;
  message: string;
  code?: string;
  stderr?: string;
  missing?: string[];
}

export function encodeError(e: unknown): ErrorReport {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const { stderr, code, missing } = e as { stderr?: unknown; code?: unknown; missing?: unknown };
  return {
    name: e.name, message: e.message,
    ...(typeof stderr === 'string' ? { stderr } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(Array.isArray(missing) ? { missing: missing.map(String) } : {}),
  };
}

const withMessage = <T extends Error>(error: T, message: string): T => Object.assign(error, { message });

const revive: Record<string, (r: ErrorReport) => Error> = {
  HttpError: (r) => new HttpError(r.code as HttpErrorCode, r.message),
  GuestTrap: (r) => new GuestTrap(r.message, r.stderr ?? ''),
  ServerStartError: (r) => new ServerStartError(r.message, r.stderr ?? ''),
  RunawayError: (r) => new RunawayError(r.message, r.stderr ?? ''),
  AbortError: () => new InterruptedError(),
  NotWasmError: (r) => withMessage(new NotWasmError('module'), r.message),
  MissingImportError: (r) => withMessage(new MissingImportError(r.missing ?? []), r.message),
};

export function decodeError(r: ErrorReport): Error {
  return (revive[r.name] ?? ((x: ErrorReport) => new RemoteError(x)))(r);
}
