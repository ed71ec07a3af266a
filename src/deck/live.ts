/**
 * Live elements inside slides (demos, measured figures) start when their slide is shown, never at page load:
 * reveal.js hides slides beyond `viewDistance`, and a talk should not pay for a demo thirty slides away.
 * An element opts in with the `data-live` attribute and these two methods.
 */
export interface LiveElement extends HTMLElement {
  slideShown(): void;
  slideHidden?(): void;
}

const isLive = (element: Element): element is LiveElement =>
  typeof (element as Partial<LiveElement>).slideShown === 'function';

function liveIn(slide: Element | undefined): LiveElement[] {
  return slide ? [...slide.querySelectorAll('[data-live]')].filter(isLive) : [];
}

/** Tells the live elements of the slide left and of the slide shown. */
export function slideChanged(previous: Element | undefined, current: Element | undefined): void {
  if (previous && previous !== current) for (const element of liveIn(previous)) element.slideHidden?.();
  for (const element of liveIn(current)) element.slideShown();
}
