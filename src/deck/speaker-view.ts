/**
 * Makes reveal.js's speaker window (its notes plugin writes it with document.write) accessible, from the opener:
 * a main landmark and a heading, names for the preview frames and the layout menu, a focusable notes area, and timer
 * digits with enough contrast. Only the DOM and a constructed style sheet are touched, so the deck's
 * Content-Security-Policy (which the speaker page runs under) needs no new permission.
 */
const FIXES = `
  .speaker-controls-time span.mute { opacity: 1; color: #595959; }
  .speaker-controls-time .label, .speaker-controls-time .reset-button { color: #595959; }
  .speaker-heading { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

/** The speaker window's own globals (its constructors differ from the opener's). */
type SpeakerWindow = Window & typeof globalThis;

function fix(speaker: SpeakerWindow, title: string): void {
  const doc = speaker.document;
  const body = doc.body;
  if (!body || body.querySelector('main')) return;
  doc.documentElement.lang = 'en';
  doc.title = `Speaker view: ${title}`;
  // One landmark around everything; the plugin finds its parts by id, so moving them is safe.
  const main = doc.createElement('main');
  const heading = doc.createElement('h1');
  heading.className = 'speaker-heading';
  heading.textContent = `Speaker view: ${title}`;
  main.append(heading, ...[...body.childNodes].filter((n) => !(n instanceof speaker.HTMLScriptElement)));
  body.prepend(main);
  doc.querySelector('.speaker-layout-dropdown')?.setAttribute('aria-label', 'Speaker view layout');
  // reveal.js labels its sections with h4: below the page's h1 they are second-level headings.
  for (const label of doc.querySelectorAll('#speaker-controls h4')) label.setAttribute('aria-level', '2');
  const controls = doc.querySelector('#speaker-controls');
  controls?.setAttribute('tabindex', '0');
  controls?.setAttribute('aria-label', 'Timer and notes');
  try {
    const sheet = new speaker.CSSStyleSheet();
    sheet.replaceSync(FIXES);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    /* an old browser: the speaker view still works, with reveal.js's own colours */
  }
  // The previews are added once the window connects.
  const nameFrames = () => {
    doc.querySelector('#current-slide iframe')?.setAttribute('title', 'Current slide');
    doc.querySelector('#upcoming-slide iframe')?.setAttribute('title', 'Upcoming slide');
  };
  nameFrames();
  new speaker.MutationObserver(nameFrames).observe(main, { childList: true, subtree: true });
}

/** Watches for the speaker window reveal.js opens (window.open) and fixes it once it is written. */
export function accessibleSpeakerView(title: string): void {
  const open = window.open.bind(window);
  window.open = (...args: Parameters<typeof window.open>) => {
    const opened = open(...args);
    if (opened && args[1] === 'reveal.js - Notes') {
      // The plugin writes the page right after opening it; fix it once that has happened.
      let tries = 0;
      const attempt = () => {
        if (opened.closed) return;
        if (opened.document.querySelector('#speaker-controls')) fix(opened as SpeakerWindow, title);
        else if (tries++ < 50) setTimeout(attempt, 20);
      };
      setTimeout(attempt, 0);
    }
    return opened;
  };
}
