/**
 * Where this copy of the deck runs. The speaker view loads the deck twice more in iframes with `?receiver`:
 * those copies must never boot a runtime (heavy iframes freeze the notes window), they mirror the audience window.
 * `?print-pdf` lays every slide out at once for printing, and the handout page shows them as paper does: nothing live there either.
 */
export type DeckMode = 'audience' | 'receiver' | 'print';

export function deckMode(search: string = location.search): DeckMode {
  // The handout page (src/layouts/Handout.astro) shows slides as paper does: recorded, nothing live.
  if (typeof document !== 'undefined' && document.documentElement.classList.contains('deck-handout')) return 'print';
  const params = new URLSearchParams(search);
  if (params.has('print-pdf')) return 'print';
  if (params.has('receiver')) return 'receiver';
  return 'audience';
}
