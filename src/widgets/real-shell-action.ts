// <real-shell-action>: opens the opt-in WebContainer shell, when this browser and page can run it.
import { CLI_MODULE } from '../course/facts.ts';
import { pageFacts, realShellAvailability } from '../real-shell/availability.ts';
import { Widget, defineWidget } from './widget.ts';

class RealShellAction extends Widget {
  protected readonly tag = 'real-shell-action';
  #opening = false;
  #opened = false;
  #update = () => this.#show();

  protected override setup(): void {
    window.addEventListener('online', this.#update);
    window.addEventListener('offline', this.#update);
    this.find('.open').addEventListener('click', () => void this.open());
    this.#show();
  }

  protected override teardown(): void {
    window.removeEventListener('online', this.#update);
    window.removeEventListener('offline', this.#update);
  }

  protected override begin(): Promise<void> {
    return this.open();
  }

  #show() {
    if (this.#opened) return;
    const availability = realShellAvailability(pageFacts());
    this.find('.open').hidden = !availability.available;
    this.find('.about').hidden = !availability.available;
    const note = this.find('.unavailable');
    note.hidden = availability.available;
    note.textContent = availability.available ? '' : availability.reason;
    // An earlier failure is no longer the news once the reason is shown.
    if (!availability.available) this.say('');
    this.dataset['available'] = String(availability.available);
  }

  async open(): Promise<void> {
    if (this.#opening || this.#opened) return;
    const availability = realShellAvailability(pageFacts());
    if (!availability.available) return this.say(availability.reason, 'error');
    this.#opening = true;
    const button = this.find<HTMLButtonElement>('.open');
    button.disabled = true;
    const screen = this.find('.real-screen');
    screen.hidden = false;
    this.say('Starting a real shell: loading WebContainer from stackblitz.com (the first start takes about 10 s)…');
    try {
      const { showRealShell } = await import('../real-shell/screen.ts');
      const wait = Number(this.dataset['timeoutMs']) || undefined;
      await showRealShell(screen, wait);
      this.#opened = true;
      button.hidden = true;
      this.find('.about').hidden = true;
      this.say(`Real shell ready (jsh in a WebContainer). Try: npx containerless run ${CLI_MODULE} -- --count 3`);
    } catch (error) {
      screen.hidden = true;
      button.disabled = false;
      this.say(`${(error as Error).message} The built-in terminal above keeps working.`, 'error');
    } finally {
      this.#opening = false;
    }
  }
}

defineWidget('real-shell-action', RealShellAction);
