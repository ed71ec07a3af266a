import type { DeckMode } from './mode.ts';

/**
 * Live elements inside slides (demos, measured figures) start when their slide is shown, never at page load:
 * reveal.js hides slides beyond `viewDistance`, and a talk should not pay for a demo thirty slides away.
 * An element opts in with the `data-live` attribute and a `slideShown` method. In the speaker view's previews
 * only elements that declare `receiverSafe` are told: anything else could boot a runtime there.
 */
export interface LiveElement extends HTMLElement {
  slideShown(): void;
  slideHidden?(): void;
  readonly receiverSafe?: boolean;
}

const isLive = (element: Element): element is LiveElement =>
  typeof (element as Partial<LiveElement>).slideShown === 'function';

function liveIn(slide: Element | undefined, mode: DeckMode): LiveElement[] {
  if (!slide || mode === 'print') return [];
  const live = [...slide.querySelectorAll('[data-live]')].filter(isLive);
  return mode === 'receiver' ? live.filter((element) => element.receiverSafe === true) : live;
}

/** Tells the live elements of the slide left and of the slide shown. */
export function slideChanged(previous: Element | undefined, current: Element | undefined, mode: DeckMode): void {
  if (previous && previous !== current) for (const element of liveIn(previous, mode)) element.slideHidden?.();
  for (const element of liveIn(current, mode)) element.slideShown();
}
