/**
 * `<deck-live-figures>`: the module's size, re-read from /wasm/manifest.json when its slide is shown, so the
 * figure on screen is the one of the module this site serves (the build-time value is there for print).
 */
import { formatBytes } from './figures.ts';
import { fetchModuleEntry } from './manifest.ts';
import type { LiveElement } from './live.ts';
import { SERVER_MODULE } from '../course/facts.ts';

class DeckLiveFigures extends HTMLElement implements LiveElement {
  /** Reading a small JSON file is fine in the speaker view too. */
  readonly receiverSafe = true;
  private read = false;

  slideShown(): void {
    if (this.read) return;
    this.read = true;
    const file = this.dataset['file'] ?? SERVER_MODULE;
    fetchModuleEntry(file)
      .then((entry) => {
        const target = this.querySelector('[data-figure="size"]');
        if (entry && target) target.textContent = formatBytes(entry.bytes);
        if (entry) this.dataset['bytes'] = String(entry.bytes);
      })
      .catch(() => {
        /* keep the build-time figure */
      });
  }
}

if (!customElements.get('deck-live-figures')) customElements.define('deck-live-figures', DeckLiveFigures);
