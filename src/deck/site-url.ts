/**
 * The address a deck's closing slide gives the audience (as text and as a QR code). Set it at build time with
 * `DECK_URL=https://example.org/containerless/ npm run build`; without it, the site's configured `site` and `base`.
 * Build-time only: the QR code is drawn by the build, so a projector with no network still shows it.
 */
export function deckSiteUrl(env: Record<string, string | undefined>, site: URL | string | undefined, base: string): string {
  const configured = env['DECK_URL']?.trim();
  if (configured) {
    try {
      return new URL(configured).href;
    } catch {
      throw new Error(`DECK_URL is not an absolute URL: "${configured}" (for example https://example.org/containerless/)`);
    }
  }
  return new URL(base || '/', site ?? 'http://localhost:4321').href;
}
