// The workshop page's "My progress": steps done per lesson and overall, the next step of each lesson, and the
// progress code that carries marks to another browser.
import { part } from '../client/dom.ts';
import { pageProgress } from '../progress/page.ts';
import { importMessage, lessonTally, stepHref } from '../progress/summary.ts';

class ProgressOverview extends HTMLElement {
  #off: (() => void) | undefined;

  connectedCallback() {
    const store = pageProgress();
    const isDone = (lesson: string, step: string) => store.isDone(lesson, step);
    const titles = JSON.parse(this.dataset['titles'] ?? '{}') as Record<string, string>;
    const status = part(this, '.import-status', 'progress-overview');
    const code = part(this, '.code', 'progress-overview');
    const notice = part(this, '.notice', 'progress-overview');
    const doneCount = part(this, '.done-count', 'progress-overview');
    const render = () => {
      let all = 0;
      for (const row of this.querySelectorAll<HTMLElement>('tr[data-lesson]')) {
        const lesson = row.dataset['lesson'] ?? '';
        const steps = (row.dataset['steps'] ?? '').split(' ').filter(Boolean);
        if (steps.length === 0) continue;
        const tally = lessonTally(lesson, steps, isDone);
        all += tally.done;
        part(row, '.cell-count', 'progress-overview').textContent = tally.count;
        const cell = part(row, '.cell-next', 'progress-overview');
        cell.replaceChildren();
        if (tally.next) cell.append(Object.assign(document.createElement('a'), { href: stepHref(row.dataset['href'] ?? '', tally.next), textContent: titles[tally.next] ?? tally.next }));
        else cell.textContent = 'done';
      }
      doneCount.textContent = String(all);
      code.textContent = store.exportCode();
      notice.hidden = !store.notice;
      notice.textContent = store.notice?.message ?? '';
    };
    this.#off = store.subscribe(render);
    render();
    part(this, '.copy-code', 'progress-overview').addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(store.exportCode());
        status.textContent = 'Copied.';
      } catch {
        getSelection()?.selectAllChildren(code);
        status.textContent = 'Copying is blocked here: the code is selected, press Ctrl+C (or ⌘C).';
      }
    });
    part(this, 'form.import', 'progress-overview').addEventListener('submit', (event) => {
      event.preventDefault();
      status.textContent = importMessage(store.importCode(part<HTMLInputElement>(this, '#progress-import', 'progress-overview').value));
    });
    part(this, '.reset', 'progress-overview').addEventListener('click', () => {
      if (confirm('Forget every step you marked as done, in this browser?')) {
        store.clear();
        status.textContent = 'Your progress was cleared.';
      }
    });
  }

  disconnectedCallback() {
    this.#off?.();
  }
}
if (!customElements.get('progress-overview')) customElements.define('progress-overview', ProgressOverview);
