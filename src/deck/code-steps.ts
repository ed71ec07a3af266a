/**
 * Moves the focus of a `CodeSteps` listing: step 1 when its slide opens, one more per shown marker fragment.
 * Runs on every fragment event, so stepping back with ArrowLeft moves the focus back too. A long listing
 * scrolls inside its own box so the focused lines are in view (never the slide itself).
 */
export function syncCodeSteps(scope: ParentNode): void {
  for (const figure of scope.querySelectorAll<HTMLElement>('.code-steps[data-step]')) {
    const step = 1 + figure.querySelectorAll('.code-step-marker.visible').length;
    figure.dataset['step'] = String(step);
    const focused: HTMLElement[] = [];
    for (const line of figure.querySelectorAll<HTMLElement>('.line')) {
      const inFocus = (line.dataset['steps'] ?? '').split(' ').includes(String(step));
      line.classList.toggle('is-focus', inFocus);
      if (inFocus) focused.push(line);
    }
    const pre = figure.querySelector<HTMLElement>('pre');
    const first = focused[0];
    const last = focused.at(-1);
    if (pre && first && last && pre.scrollHeight > pre.clientHeight) {
      // Lines are positioned against the pre (position: relative in CodeSteps.astro).
      const top = first.offsetTop;
      const bottom = last.offsetTop + last.offsetHeight;
      if (top < pre.scrollTop || bottom > pre.scrollTop + pre.clientHeight) {
        pre.scrollTop = Math.max(0, top - (pre.clientHeight - (bottom - top)) / 2);
      }
    }
  }
}
