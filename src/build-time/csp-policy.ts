// The Content-Security-Policy every page gets, and what some routes add to it.
// Astro hashes every inline <script>/<style> it renders into the policy's meta tag; everything else must come
// from this origin. The site is static, so the policy is decided per route at build time.
import type { AstroGlobal } from 'astro';

/** The only third-party origins the site may talk to: StackBlitz's WebContainer, which the reader opts into. */
export const webContainerOrigins = ['https://stackblitz.com', 'https://*.webcontainer-api.io'] as const;

/** A directive as Astro's CSP options accept it (`default-src 'self'`). */
type Directive = Parameters<NonNullable<AstroGlobal['csp']>['insertDirective']>[0];

/** Directives shared by every page (script-src and style-src are set through Astro's own options). */
export const baseDirectives: Directive[] = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self'",
  "manifest-src 'self'",
  // The runtime runs guests in a module Worker from this origin; blob: is for workers built from code in the page.
  "worker-src 'self' blob:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

export interface RoutePolicy {
  /** The page compiles WebAssembly outside a Worker (needs 'wasm-unsafe-eval' in script-src). */
  runsWasm: boolean;
  /** The page has a terminal, so its WebContainer opt-in may open StackBlitz's frame. */
  hasTerminal: boolean;
}

const lesson = /^\/learn\/[^/]+\/?$/;
const deck = /^\/talk\/[^/]+\/?$/;
const workshop = /^\/workshop\/?$/;

/** Which extras a route needs: lessons, decks and the workshop run modules and host terminals; lists and home do not. */
/** The home page shows the module answering (src/widgets/LiveWord.astro): it compiles WebAssembly too. */
const home = /^\/?$/;

/** `pathname`: the route without the site's base path (`/learn/wasi/`). */
export function routePolicy(pathname: string): RoutePolicy {
  const interactive = lesson.test(pathname) || deck.test(pathname) || workshop.test(pathname);
  return { runsWasm: interactive || home.test(pathname), hasTerminal: interactive };
}
