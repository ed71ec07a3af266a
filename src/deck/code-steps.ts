/**
 * Moves the focus of a `CodeSteps` listing: step 1 when its slide opens, one more per shown marker fragment.
 * Runs on every fragment event, so stepping back with ArrowLeft moves the focus back too.
 */
export function syncCodeSteps(scope: ParentNode): void {
  for (const figure of scope.querySelectorAll<HTMLElement>('.code-steps[data-step]')) {
    const step = 1 + figure.querySelectorAll('.code-step-marker.visible').length;
    figure.dataset['step'] = String(step);
    for (const line of figure.querySelectorAll<HTMLElement>('.line')) {
      const steps = (line.dataset['steps'] ?? '').split(' ');
      line.classList.toggle('is-focus', steps.includes(String(step)));
    }
  }
}
