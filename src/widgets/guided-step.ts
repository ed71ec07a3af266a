// <guided-step>: one step of a lesson: copy its command, run it in the page's terminal (or rehearse it in the page's
// model cluster), and mark it done, by hand, by what the terminal showed, or by a proof from `containerless verify`.
import { pageProgress } from '../progress/page.ts';
import { evidenceIn, type EvidenceKind, type Ran } from '../progress/evidence.ts';
import type { DoneHow } from '../progress/store.ts';
import { REHEARSED_KEY } from '../kube/state.ts';
import { Widget, defineWidget } from './widget.ts';
import { runHere } from './run-here.ts';

/** Says how a step is done, so a proof reads differently from the learner's own mark. */
function describe(how: DoneHow): { label: string; line: string } {
  if (how.by === 'machine') return { label: 'Verified on your machine', line: 'Verified on your machine by containerless verify.' };
  if (how.by === 'page') return { label: 'Done, seen here', line: `Seen in this page: ${how.evidence}.` };
  return { label: 'Done, marked by you', line: '' };
}

/** Steps rehearsed in the page's model cluster, remembered apart from progress (the real check is on the machine). */
function rehearsed(): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(REHEARSED_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

class GuidedStep extends Widget {
  protected readonly tag = 'guided-step';
  /** What `setup` attached outside the element, undone on disconnect. */
  #offs: (() => void)[] = [];

  get stepId(): string {
    return this.dataset['step'] ?? '';
  }

  /** The lesson this step sits in (steps outside a lesson, e.g. in slides, count under "other"). */
  get lesson(): string {
    return this.closest<HTMLElement>('[data-lesson-id]')?.dataset['lessonId'] ?? 'other';
  }

  protected override setup(): void {
    this.querySelector<HTMLButtonElement>('button.copy')?.addEventListener('click', (event) => void this.#copy(event.currentTarget as HTMLButtonElement));
    this.querySelector<HTMLButtonElement>('button.run')?.addEventListener('click', (event) => this.#run(event.currentTarget as HTMLButtonElement));
    if (this.querySelector('button.rehearse')) this.#watchRehearsal();
    const done = this.querySelector<HTMLButtonElement>('button.done');
    if (done) this.#trackDone(done);
  }

  protected override teardown(): void {
    for (const off of this.#offs.splice(0)) off();
  }

  #listen(type: string, listener: (event: Event) => void): void {
    document.addEventListener(type, listener);
    this.#offs.push(() => document.removeEventListener(type, listener));
  }

  async #copy(button: HTMLButtonElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(button.dataset['command'] ?? '');
      this.say('Copied. Paste it into your terminal.');
    } catch {
      // Clipboard blocked (permissions, insecure context): select the text so Ctrl+C works.
      const code = this.querySelector('pre');
      if (code) getSelection()?.selectAllChildren(code);
      this.say('Copying is blocked here; the command is selected, press Ctrl+C (or ⌘C).');
    }
  }

  #run(button: HTMLButtonElement): void {
    const step = button.dataset['step'];
    const taken = runHere({
      command: button.dataset['command'] ?? '',
      ...(step ? { step } : {}),
      // The terminal reports back what it did: ran (with its exit status) or refused, and why.
      report: (r) => this.say(r.ran ? (r.status === 0 ? 'Ran in the terminal.' : `Ran in the terminal; it ended with exit status ${r.status}. Read its message there.`) : `Not run: ${r.reason}.`),
    });
    this.say(taken ? 'Sent to the terminal on this page…' : 'There is no terminal on this page to run it in; copy it instead.');
  }

  /** A rehearsal in the page's model is remembered apart from progress: the real check is on the learner's machine. */
  #watchRehearsal(): void {
    const check = this.dataset['check'];
    const realCheck = check ? ` On your machine, npx containerless verify ${check} checks the real one.` : '';
    if (rehearsed().includes(this.stepId)) this.say(`Rehearsed in this page's model cluster.${realCheck}`);
    this.#listen('containerless:ran', (event) => {
      const detail = (event as CustomEvent<{ step: string; status: number }>).detail;
      if (detail?.step !== this.stepId) return;
      if (detail.status !== 0) return this.say(`It failed in the page (exit ${detail.status}): the terminal shows why.`);
      try {
        localStorage.setItem(REHEARSED_KEY, JSON.stringify([...new Set([...rehearsed(), this.stepId])]));
      } catch {
        // storage blocked: the rehearsal still shows for this visit
      }
      this.say(`Rehearsed in this page's model cluster.${realCheck}`);
    });
  }

  #trackDone(done: HTMLButtonElement): void {
    const store = pageProgress();
    const lesson = this.lesson;
    const label = done.querySelector('.done-label');
    const howLine = this.querySelector<HTMLElement>('.how-done');
    const sync = () => {
      const how = store.howDone(lesson, this.stepId);
      done.setAttribute('aria-pressed', String(how !== undefined));
      const said = how ? describe(how) : undefined;
      if (label) label.textContent = said ? said.label : 'Mark as done';
      if (howLine) {
        howLine.textContent = said?.line ?? '';
        howLine.hidden = !said?.line;
      }
      this.toggleAttribute('data-done', how !== undefined);
      if (how) this.dataset['doneBy'] = how.by;
      else delete this.dataset['doneBy'];
    };
    // A step in the page marks itself done when the terminal shows its evidence.
    const kind = this.dataset['evidence'] as EvidenceKind | undefined;
    if (kind) {
      this.#listen('containerless:terminal-ran', (event) => {
        const seen = evidenceIn(kind, (event as CustomEvent<Ran>).detail);
        if (seen && store.prove(lesson, this.stepId, { by: 'page', evidence: seen })) this.say(`Done: ${seen}.`);
      });
    }
    done.disabled = false;
    done.addEventListener('click', () => {
      const saved = store.setDone(lesson, this.stepId, done.getAttribute('aria-pressed') !== 'true');
      if (!saved) this.say('Marked, but this browser would not save it; it lasts until you leave the page.');
    });
    this.#offs.push(store.subscribe(sync));
    sync();
  }
}

defineWidget('guided-step', GuidedStep);
