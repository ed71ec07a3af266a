// "Continue where you left off": the lesson and step a learner was last at, from the progress saved in this browser
// (src/progress/summary.ts decides which). The saved progress and its validator load after the page's own scripts
// (a dynamic import), so the home page's live demo is not kept waiting for them.
import { part } from '../client/dom.ts';
import { whereToContinue, type CourseLesson } from '../progress/summary.ts';

class ContinueLink extends HTMLElement {
  #off: (() => void) | undefined;

  async connectedCallback() {
    const lessons = JSON.parse(this.dataset['lessons'] ?? '[]') as CourseLesson[];
    const link = part<HTMLAnchorElement>(this, '.target', 'continue-link');
    const detail = part(this, '.detail', 'continue-link');
    const { pageProgress } = await import('../progress/page.ts');
    if (!this.isConnected) return;
    const store = pageProgress();
    const render = () => {
      const at = whereToContinue(lessons, store.snapshot(), (lesson, step) => store.isDone(lesson, step));
      if (!at) return;
      link.textContent = at.text;
      link.href = at.href || link.href;
      detail.textContent = at.detail;
    };
    this.#off = store.subscribe(render);
    render();
  }

  disconnectedCallback() {
    this.#off?.();
  }
}
if (!customElements.get('continue-link')) customElements.define('continue-link', ContinueLink);
