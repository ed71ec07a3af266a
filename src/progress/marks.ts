import { pageProgress } from './page.ts';

// Progress marks beside lesson links (sidebar, lesson list): every element with `data-lesson` and
// `data-steps="id id id"` gets "2/5" or a check in its `.progress-mark`, kept current as steps are marked.

export function showLessonMarks(root: ParentNode = document): void {
  const store = pageProgress();
  const items = [...root.querySelectorAll<HTMLElement>('[data-lesson][data-steps]')];
  const update = () => {
    for (const item of items) {
      const lesson = item.dataset['lesson'] ?? '';
      const steps = (item.dataset['steps'] ?? '').split(' ').filter(Boolean);
      const mark = item.querySelector<HTMLElement>('.progress-mark');
      if (!mark || steps.length === 0) continue;
      const done = steps.filter((s) => store.isDone(lesson, s)).length;
      mark.dataset['state'] = done === 0 ? 'none' : done === steps.length ? 'all' : 'some';
      const visible = mark.querySelector('[aria-hidden]');
      const spoken = mark.querySelector('.visually-hidden');
      if (visible) visible.textContent = done === steps.length ? '✓' : done === 0 ? '' : `${done}/${steps.length}`;
      if (spoken) spoken.textContent = done === 0 ? '' : `, ${done} of ${steps.length} steps done`;
    }
  };
  store.subscribe(update);
  update();
}
