import { sitePath } from '../../client/site-path.ts';
import { pageProgress } from '../../progress/page.ts';
import { decodeReadiness } from '../readiness/code.ts';
import { whereNow, renderAgenda } from './agenda-view.ts';
import { AttendeeClient, WORKSHOP_KEY, type Status } from './attendee.ts';
import type { Found, PublicAgenda } from './probe.ts';

// The workshop panel on every page served by a workshop: join with a nickname; then progress goes to the room as it
// is marked (queued while offline), "I'm stuck", readiness, and leaving. Listens to the progress store; never
// changes it. Everything shown is set as text: a nickname is never parsed as HTML.

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** The steps on this page, for "I'm stuck on ...". */
function pageSteps(): Array<{ id: string; title: string }> {
  return [...document.querySelectorAll<HTMLElement>('guided-step[data-step]')].map((s) => ({
    id: s.dataset['step'] ?? '',
    title: s.querySelector('h3 .anchor')?.childNodes[1]?.textContent?.trim() || s.querySelector('h3')?.textContent?.replace(/^Step:\s*/, '').trim() || (s.dataset['step'] ?? ''),
  }));
}

const pageLesson = (): string | undefined => document.querySelector<HTMLElement>('main[data-lesson-id]')?.dataset['lessonId'];

export function mountPanel(root: HTMLElement, found: Found): void {
  const client = new AttendeeClient({ storage: storage(), fetch: (input, init) => fetch(input, init), origin: location.origin });
  const store = pageProgress();
  const toggle = root.querySelector<HTMLButtonElement>('.toggle');
  const body = root.querySelector<HTMLElement>('.body');
  const title = root.querySelector<HTMLElement>('#workshop-panel-title');
  const content = root.querySelector<HTMLElement>('.content');
  if (!toggle || !body || !title || !content) return;
  let agenda: PublicAgenda | undefined = found.agenda;
  let help: { lesson: string; step: string | null } | null = null;
  let notice = '';

  const setOpen = (open: boolean) => {
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => setOpen(body.hidden !== false));
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !body.hidden) {
      setOpen(false);
      toggle.focus();
    }
  });

  const statusText = (s: Status): string => {
    switch (s.kind) {
      case 'sending':
        return `Sending ${s.queued} update${s.queued === 1 ? '' : 's'}...`;
      case 'offline':
        return `Offline: ${s.queued} update${s.queued === 1 ? '' : 's'} kept in this browser, sent when the workshop server is back.`;
      case 'sent':
        return 'Everything you marked has reached the room.';
      case 'forgotten':
        return s.message;
      default:
        return '';
    }
  };

  const render = () => {
    const joined = client.joined;
    root.hidden = false;
    toggle.dataset['state'] = client.status.kind === 'offline' ? 'queued' : '';
    toggle.textContent = joined ? `Workshop: ${joined.nickname}` : 'Join this workshop';
    title.textContent = joined ? 'Workshop' : 'Join this workshop';
    const now = agenda ? el('p', { className: 'now' }, whereNow(agenda)) : el('p', { className: 'muted' }, 'The workshop server cannot be reached right now.');
    if (!joined) {
      const input = el('input', { id: 'workshop-nickname', name: 'nickname', maxLength: 40, required: true, spellcheck: false });
      input.setAttribute('autocomplete', 'nickname');
      const problem = el('p', { className: 'problem', role: 'alert' } as Partial<HTMLParagraphElement>, notice);
      const form = el('form', {}, el('label', { htmlFor: 'workshop-nickname' }, 'Nickname'), input, el('button', { type: 'submit', className: 'button' }, 'Join'));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        void client.join(input.value).then((result) => {
          notice = result.ok ? '' : result.message;
          if (result.ok) {
            const lesson = pageLesson();
            client.progressChanged(store.snapshot());
            if (lesson) client.onLesson(lesson);
            void client.flush();
          }
          render();
          if (result.ok) root.querySelector<HTMLElement>('.joined-as')?.focus();
        });
      });
      content.replaceChildren(
        el('p', {}, 'The facilitator runs this site from their laptop. Join to show them where you are: only a nickname and the steps you mark are sent, and leaving deletes them from the server.'),
        form,
        problem,
        now,
      );
      return;
    }

    const status = el('p', { className: 'status', role: 'status' } as Partial<HTMLParagraphElement>, statusText(client.status));
    status.dataset['kind'] = client.status.kind;

    // I'm stuck
    const lesson = pageLesson() ?? joined.lesson;
    const steps = pageSteps();
    const helpBox = el('div', { className: 'help' }, el('h3', {}, 'Need a hand?'));
    if (help) {
      const where = help.step ? `on “${steps.find((s) => s.id === help?.step)?.title ?? help.step}”` : `in ${help.lesson}`;
      const fine = el('button', { type: 'button', className: 'button secondary' }, "I'm fine now");
      fine.addEventListener('click', () => void client.cancelHelp().then((p) => { if (!p) help = null; notice = p ?? ''; render(); }));
      helpBox.append(el('p', {}, `The facilitator knows you are stuck ${where}. They will come over.`), fine);
    } else {
      const form = el('form', {});
      let select: HTMLSelectElement | undefined;
      if (steps.length) {
        select = el('select', { id: 'workshop-stuck-step', name: 'step' }, ...steps.map((s) => el('option', { value: s.id }, s.title)));
        const next = steps.find((s) => lesson && !store.isDone(lesson, s.id));
        if (next) select.value = next.id;
        form.append(el('label', { htmlFor: 'workshop-stuck-step' }, 'Stuck on'), select);
      }
      form.append(el('button', { type: 'submit', className: 'button' }, "I'm stuck"));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const step = select?.value;
        void client.askHelp(lesson ?? 'general', step).then((p) => {
          if (!p) help = { lesson: lesson ?? 'general', step: step ?? null };
          notice = p ?? '';
          render();
        });
      });
      helpBox.append(form);
    }

    // Readiness
    const origin = location.origin;
    const command = `npx containerless ready --report ${origin} --key ${joined.key}`;
    const copy = el('button', { type: 'button', className: 'button secondary' }, 'Copy the command');
    copy.addEventListener('click', () => void navigator.clipboard?.writeText(command).then(() => (copy.textContent = 'Copied'), () => (copy.textContent = 'Select the command and copy it')));
    const codeInput = el('input', { id: 'workshop-code', name: 'code', spellcheck: false, autocomplete: 'off', placeholder: 'CR1.pppppp' });
    const codeForm = el('form', {}, el('label', { htmlFor: 'workshop-code' }, 'Or paste a readiness or verify code'), codeInput, el('button', { type: 'submit', className: 'button secondary' }, 'Send'));
    codeForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const code = codeInput.value.trim();
      if (!code) return;
      const readiness = decodeReadiness(code);
      if (readiness) {
        void client.reportReadiness(readiness).then((p) => { notice = p ?? 'Readiness sent to the room.'; render(); });
      } else if (/^[\x20-\x7e]{1,2000}$/.test(code)) {
        client.pastedCode(code);
        void client.flush();
        notice = 'Code queued for the room.';
        render();
      } else {
        notice = 'That is not a code from containerless (printable text, at most 2000 characters).';
        render();
      }
    });

    const leave = el('button', { type: 'button', className: 'button secondary' }, 'Leave the workshop');
    leave.addEventListener('click', () => {
      if (!confirm('Leave the workshop? The server deletes your nickname and progress; this browser keeps your marks.')) return;
      void client.leave().then((p) => { notice = p ?? ''; help = null; render(); });
    });

    content.replaceChildren(
      el('p', { className: 'joined-as', tabIndex: -1 }, 'Joined as ', el('strong', {}, joined.nickname), '.'),
      status,
      now,
      helpBox,
      el('h3', {}, 'Ready for the cluster lessons?'),
      el('p', { className: 'muted' }, 'On your own machine, run this; it checks what lessons 6 to 8 need and tells the room:'),
      el('code', { className: 'command' }, command),
      el('div', { className: 'row' }, copy),
      codeForm,
      notice ? el('p', { className: 'muted', role: 'status' } as Partial<HTMLParagraphElement>, notice) : '',
      el('div', { className: 'row' }, leave),
    );
  };

  client.onStatus((s) => {
    if (s.kind === 'forgotten') notice = s.message;
    // Only the status line changes while joined: rebuilding the panel would drop what the attendee is typing.
    const line = content.querySelector<HTMLElement>('.status');
    if (line && client.joined) {
      line.textContent = statusText(s);
      line.dataset['kind'] = s.kind;
      toggle.dataset['state'] = s.kind === 'offline' ? 'queued' : '';
    } else render();
  });
  store.subscribe((snapshot) => {
    if (client.progressChanged(snapshot)) void client.flush();
  });
  window.addEventListener('storage', (e) => {
    if (e.key === WORKSHOP_KEY) {
      client.reload();
      render();
    }
  });
  window.addEventListener('online', () => void client.flush());

  const live = document.querySelector<HTMLElement>('[data-workshop-agenda]');
  const showAgenda = () => {
    if (!agenda || !live) return;
    const table = live.querySelector('table');
    if (table) renderAgenda(table, agenda, Date.now(), (id) => sitePath(`/learn/${id}/`));
    const caption = live.querySelector('.track');
    if (caption) caption.textContent = agenda.summary ?? '';
    live.hidden = false;
  };

  render();
  showAgenda();
  if (client.joined) {
    client.progressChanged(store.snapshot());
    const lesson = pageLesson();
    if (lesson) client.onLesson(lesson);
    void client.flush();
    void client.me().then((me) => {
      help = me?.help ?? null;
      render();
    });
  }
  // While a help request is open, look every 10 s whether the facilitator has marked it handled.
  setInterval(() => {
    if (!help || !client.joined) return;
    void client.me().then((me) => {
      if (me && me.help === null) {
        help = null;
        notice = 'The facilitator marked your request handled.';
        render();
      }
    });
  }, 10_000);
  // The agenda can change (the facilitator picks a track); attendees see it within a minute.
  setInterval(() => {
    void fetch(sitePath('/api/workshop/agenda'), { cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<PublicAgenda>) : undefined))
      .then((a) => {
        if (a) agenda = a;
        showAgenda();
        const line = content.querySelector('.now');
        if (line && agenda) line.textContent = whereNow(agenda);
      })
      .catch(() => {});
  }, 60_000);
}
