import Reveal from 'reveal.js';
import Notes from 'reveal.js/plugin/notes';
import 'reveal.js/reveal.css';
import 'reveal.js/theme/black.css';

const root = document.querySelector<HTMLElement>('.reveal');
if (root) {
  const minutes = Number(root.dataset['duration'] ?? '0');
  const deck = new Reveal(root, {
    hash: true,
    // The speaker view's pacing timer uses the deck's planned length.
    ...(minutes > 0 ? { totalTime: minutes * 60 } : {}),
    plugins: [Notes],
    // reveal.js accepts 'separate-page' (notes on their own printed page); its types only say boolean.
    showNotes: (new URLSearchParams(location.search).has('print-pdf') ? 'separate-page' : false) as boolean,
  });
  void deck.initialize();
}
