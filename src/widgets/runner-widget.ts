import { parseLine, ParseError } from '../terminal/parse.ts';
import { Widget } from './widget.ts';

/** A widget's arguments field read as a shell would split it, or the message saying why it cannot be. */
export function readArgs(text: string): string[] | string {
  try {
    return parseLine(text).words;
  } catch (error) {
    if (error instanceof ParseError) return `The arguments could not be read: ${error.message}`;
    throw error;
  }
}

/**
 * A widget that runs a guest with the arguments typed in its form (`form`, `.args`, a `.run` button): one run at a
 * time, the button disabled meanwhile, arguments that cannot be read said in the status line and nothing run.
 */
export abstract class RunnerWidget extends Widget {
  #running = false;

  protected override setup(): void {
    this.find<HTMLFormElement>('form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
  }

  protected override begin(): Promise<void> {
    return this.run();
  }

  async run(): Promise<void> {
    this.stopWatching();
    if (this.#running) return;
    const args = readArgs(this.find<HTMLInputElement>('.args').value);
    if (typeof args === 'string') return this.say(args, 'error');
    this.#running = true;
    const button = this.find<HTMLButtonElement>('.run');
    button.disabled = true;
    try {
      await this.execute(args);
    } finally {
      this.#running = false;
      button.disabled = false;
    }
  }

  /** Runs the guest with `args` and shows what it did; says its own failures. */
  protected abstract execute(args: string[]): Promise<void>;
}
