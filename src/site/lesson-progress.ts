// A lesson's progress row: "2 of 5 steps done" with a bar, or for a reading lesson the "Done reading" button at its
// end; and the notice when saved progress had to be reset or could not be saved.
import { pageProgress } from '../progress/page.ts';
import { stepsDoneText } from '../progress/summary.ts';

class LessonProgress extends HTMLElement {
  #off: (() => void) | undefined;

  connectedCallback() {
    const store = pageProgress();
    const lesson = this.dataset['lesson'] ?? '';
    const steps = (this.dataset['steps'] ?? '').split(' ').filter(Boolean);
    // The parts differ by copy (the top one has the bar and the notice, a reading lesson's end copy the button).
    const notice = this.querySelector<HTMLElement>('.notice');
    const bar = this.querySelector('progress');
    const count = this.querySelector('.count');
    this.querySelector('.dismiss')?.addEventListener('click', () => store.dismissNotice());
    const reading = this.hasAttribute('data-reading');
    const readButton = this.querySelector<HTMLButtonElement>('.done-reading');
    readButton?.addEventListener('click', () => {
      const step = steps[0];
      if (step) store.setDone(lesson, step, readButton.getAttribute('aria-pressed') !== 'true');
    });
    const render = () => {
      const done = steps.filter((s) => store.isDone(lesson, s)).length;
      if (bar) bar.value = done;
      if (reading) {
        if (count) count.textContent = done > 0 ? 'Done reading: lesson complete.' : 'A reading lesson: “Done reading” is at the end.';
        readButton?.setAttribute('aria-pressed', String(done > 0));
        const label = this.querySelector('.reading-label');
        if (label) label.textContent = done > 0 ? 'Done reading ✓' : 'Done reading';
      } else if (count) count.textContent = stepsDoneText(done, steps.length);
      if (notice) {
        notice.hidden = !store.notice;
        const text = notice.querySelector('.notice-text');
        if (text) text.textContent = store.notice?.message ?? '';
      }
    };
    this.#off = store.subscribe(render);
    render();
  }

  disconnectedCallback() {
    this.#off?.();
  }
}
if (!customElements.get('lesson-progress')) customElements.define('lesson-progress', LessonProgress);
