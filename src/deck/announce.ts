/**
 * The deck's one polite live region for what a screen reader should hear once: demo and terminal results, replays.
 * Slide changes are announced by reveal.js's own region (`.aria-status`), so they are never said twice.
 */
let region: HTMLElement | undefined;

export function announce(text: string): void {
  if (!region) {
    region = document.createElement('div');
    region.className = 'deck-announce visually-hidden';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    region.setAttribute('aria-atomic', 'true');
    document.body.append(region);
  }
  // Cleared first, so the same text said twice in a row is still announced.
  region.textContent = '';
  const target = region;
  requestAnimationFrame(() => (target.textContent = text));
}
