// Where a request goes on the virtual network, checked once: the scheme, the host (only localhost exists there) and
// the port. curl, the Worker network and the HTTP client all take a Target, so each check and its message live here.
import { HttpError } from './errors.ts';

/** A checked address on the virtual network. A plain object, so it crosses `postMessage` as it is. */
export interface Target {
  readonly href: string;
  /** as the Host header gives it: `localhost:8090` */
  readonly host: string;
  readonly hostname: string;
  readonly port: number;
  /** path and query: `/?starts_with=d` */
  readonly path: string;
}

/** The names that mean this machine; everything else does not resolve on the virtual network. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]', '[::]']);

/**
 * Checks a URL. `guessScheme` reads `localhost:8090/x` as `http://localhost:8090/x`, as curl does.
 * Throws HttpError: EBADURL (not a URL), EPROTO (not http://), EHOSTUNREACH (not localhost; `anyHost` leaves that
 * to the host that sends it, as a pod's curl reaches cluster names).
 */
export function parseTarget(raw: string | Target, options: { guessScheme?: boolean; anyHost?: boolean } = {}): Target {
  if (typeof raw !== 'string') {
    if (options.anyHost !== true && !LOCAL_HOSTS.has(raw.hostname)) throw unreachable(raw.hostname);
    return raw;
  }
  const text = options.guessScheme === true && !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? `http://${raw}` : raw;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new HttpError('EBADURL', `malformed URL "${raw}"`);
  }
  if (u.protocol !== 'http:') throw new HttpError('EPROTO', `unsupported protocol ${u.protocol} (only http:// runs on the virtual network)`);
  if (options.anyHost !== true && !LOCAL_HOSTS.has(u.hostname)) throw unreachable(u.hostname);
  return { href: u.href, host: u.host, hostname: u.hostname, port: u.port === '' ? 80 : Number(u.port), path: `${u.pathname}${u.search}` };
}

function unreachable(hostname: string): HttpError {
  return new HttpError('EHOSTUNREACH', `could not resolve host ${hostname}: only localhost exists on the virtual network`);
}

/** The error a client gets when nothing listens on the target's port. */
export function refused(target: Target): HttpError {
  return new HttpError('ECONNREFUSED', `failed to connect to ${target.hostname} port ${target.port}: connection refused`);
}
