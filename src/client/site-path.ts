// Every address the site gives itself goes through here, so a build for a sub-path (CONTAINERLESS_BASE=/containerless/,
// read by astro.config.mjs) links, fetches and registers under it. Works in pages, page scripts and build-time code.

/** The site's base path without its final slash: "" at a domain's root, "/containerless" under a sub-path. */
// (`import.meta.env` is Vite's: plain Node, e.g. the CLI, has none and serves at the root.)
export const siteRoot: string = (import.meta.env?.BASE_URL ?? '/').replace(/\/$/, '');

/** `/learn/` -> `/containerless/learn/` under a sub-path; the same path at the root. `path` starts with `/`. */
export const sitePath = (path: string): string => siteRoot + path;

/** A page address with the base taken off (`/containerless/learn/wasi/` -> `/learn/wasi/`), for route rules. */
export const withoutBase = (pathname: string): string =>
  siteRoot !== '' && (pathname === siteRoot || pathname.startsWith(siteRoot + '/')) ? pathname.slice(siteRoot.length) || '/' : pathname;
