/**
 * The handout page's set-up: the deck theme (no reveal.js), and each slide's speaker notes shown after it under a
 * heading of their own, numbered like the slides, so the page reads as a document with a clear outline.
 */
import './theme.css';

const slides = [...document.querySelectorAll<HTMLElement>('.handout .slides > section')];
slides.forEach((slide, i) => {
  slide.classList.add('handout-slide');
  slide.setAttribute('aria-label', `Slide ${i + 1} of ${slides.length}`);
  slide.setAttribute('role', 'region');
  const notes = slide.querySelector<HTMLElement>('aside.notes');
  if (!notes) return;
  const box = document.createElement('aside');
  box.className = 'handout-notes';
  box.setAttribute('aria-label', `Speaker notes, slide ${i + 1}`);
  const label = document.createElement('p');
  label.className = 'handout-notes-label';
  label.textContent = `Speaker notes · slide ${i + 1}`;
  const text = document.createElement('p');
  text.textContent = notes.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  box.append(label, text);
  notes.remove();
  slide.after(box);
});
document.documentElement.dataset['deckReady'] = 'handout';
