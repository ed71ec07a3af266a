// Where the built site lives on its host: "/" at a domain's root, "/containerless/" on a project site of a static
// host. Set once, with CONTAINERLESS_BASE, for the build (astro.config.mjs), `containerless serve` and the tests.

/** The environment variable that names the base path. */
export const BASE_ENV = 'CONTAINERLESS_BASE';

/**
 * `containerless`, `/containerless`, `/containerless/` -> `/containerless/`; empty or `/` -> `/`.
 * Throws with a message a reader can act on for anything that is not a plain path (a full URL, `..`, a query).
 */
export function normaliseBase(value: string | undefined): string {
  const raw = (value ?? '').trim();
  if (raw === '' || raw === '/') return '/';
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) {
    throw new Error(`${BASE_ENV} is a path on your host, like /containerless/, not a full address ("${raw}").`);
  }
  const segments = raw.split('/').filter((s) => s !== '');
  const bad = segments.find((s) => s === '.' || s === '..' || !/^[A-Za-z0-9._~-]+$/.test(s));
  if (bad !== undefined) {
    throw new Error(`${BASE_ENV} may hold only letters, digits and . _ ~ - between slashes, like /containerless/; "${bad}" in "${raw}" is not allowed.`);
  }
  return `/${segments.join('/')}/`;
}

/** The base path this process was asked for (`/` when none). */
export const baseFromEnv = (env: Record<string, string | undefined> = process.env): string => normaliseBase(env[BASE_ENV]);
