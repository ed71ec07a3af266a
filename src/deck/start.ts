import Reveal from 'reveal.js';
import Notes from 'reveal.js/plugin/notes';
import 'reveal.js/reveal.css';
import './theme.css';
import { deckMode } from './mode.ts';
import { syncCodeSteps } from './code-steps.ts';
import { slideChanged } from './live.ts';
import { slideSize } from './slide-size.ts';
import { accessibleSpeakerView } from './speaker-view.ts';

const root = document.querySelector<HTMLElement>('.reveal');
const mode = deckMode();

/** Live elements are custom elements; wait until they are defined so the first slide's demo can start. */
async function liveElementsDefined(scope: HTMLElement): Promise<void> {
  const tags = new Set([...scope.querySelectorAll('[data-live]')].map((e) => e.localName).filter((t) => t.includes('-')));
  const defined = Promise.all([...tags].map((tag) => customElements.whenDefined(tag)));
  await Promise.race([defined, new Promise((resolve) => setTimeout(resolve, 3000))]);
}

function toggleTheme(): void {
  const html = document.documentElement;
  const next = html.dataset['theme'] === 'dark' ? 'light' : 'dark';
  html.dataset['theme'] = next;
  try {
    localStorage.setItem('containerless:theme', next);
  } catch {
    /* private mode: the choice lasts for this page */
  }
}

async function start(element: HTMLElement): Promise<void> {
  if (mode === 'audience') accessibleSpeakerView(document.title.replace(/ · Containerless$/, ''));
  // Paper is white, whatever the screen used.
  if (mode === 'print') document.documentElement.dataset['theme'] = 'light';
  const minutes = Number(element.dataset['duration'] ?? '0');
  const deck = new Reveal(element, {
    hash: true,
    slideNumber: 'c/t',
    showSlideNumber: 'speaker',
    center: true,
    ...slideSize,
    // The scroll view rebuilds slides from HTML strings, which would throw away a running demo.
    scrollActivationWidth: 0,
    // The speaker view's pacing timer uses the deck's planned length.
    ...(minutes > 0 ? { totalTime: minutes * 60 } : {}),
    plugins: [Notes],
    // On paper, notes only when asked (`?print-pdf&notes`), each on a page of its own after its slide.
    // reveal.js accepts 'separate-page'; its types only say boolean.
    showNotes: (mode === 'print' && new URLSearchParams(location.search).has('notes') ? 'separate-page' : false) as boolean,
    // One printed page per slide: the line-by-line code walk-through is shown whole on paper.
    pdfSeparateFragments: false,
  });
  await liveElementsDefined(element);

  let shown: Element | undefined;
  const onSlide = (): void => {
    const current = deck.getCurrentSlide();
    syncCodeSteps(current ?? element);
    slideChanged(shown, current, mode);
    shown = current;
  };
  deck.on('ready', onSlide);
  deck.on('slidechanged', onSlide);
  deck.on('fragmentshown', () => syncCodeSteps(deck.getCurrentSlide() ?? element));
  deck.on('fragmenthidden', () => syncCodeSteps(deck.getCurrentSlide() ?? element));

  await deck.initialize();
  // reveal.js marks its wrapper role="application", which stops screen readers from reading the slides
  // (reveal#3772); without it the element is a `main` landmark again, and reveal's live region still
  // announces each slide.
  element.removeAttribute('role');
  if (mode === 'receiver') {
    // The speaker view shows this deck twice (current and next slide): each copy's landmarks need their own names,
    // and the presenter's own links belong to the presenting window only.
    const which = new URLSearchParams(location.search).get('controls') === 'false' ? 'next slide' : 'current slide';
    element.setAttribute('aria-label', `${element.getAttribute('aria-label') ?? 'Slides'} (${which} preview)`);
    document.querySelector('.deck-nav')?.setAttribute('hidden', '');
  }
  deck.addKeyBinding({ keyCode: 84, key: 'T', description: 'Light or dark theme' }, toggleTheme);
  // R replays the current slide's recorded terminal session (again: pause or resume it).
  deck.addKeyBinding({ keyCode: 82, key: 'R', description: 'Replay the recorded terminal session (again: pause)' }, () => {
    const terminal = deck.getCurrentSlide()?.querySelector<HTMLElement & { replayKey?: () => void }>('deck-terminal');
    terminal?.replayKey?.();
  });
  // A live element that changed its slide's height (a terminal cloned in) asks for a new layout.
  element.addEventListener('deck:relayout', () => deck.layout());
  // The reveal.js convention, used by its tools and by the deck's browser tests.
  (window as unknown as { Reveal: typeof deck }).Reveal = deck;
  document.documentElement.dataset['deckReady'] = mode;
}

if (root) void start(root);
