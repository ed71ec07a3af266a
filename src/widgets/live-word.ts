// <live-word>: one word from the module, asked for when the reader scrolls to it (the home page's proof it runs).
import { SERVER_MODULE } from '../course/facts.ts';
import { Widget, defineWidget } from './widget.ts';
import { formatMs } from './word-demo-state.ts';

class LiveWord extends Widget {
  protected readonly tag = 'live-word';
  protected override pageStart = 'visible' as const;
  protected override visibleMargin = '0px';

  protected override setup(): void {
    this.find('.again').addEventListener('click', () => void this.begin());
    // The server starts while the page loads, so the word is there when the reader scrolls to it.
    if (this.startPolicy === 'visible') void import('../client/word-generator.ts').then(({ startServerAhead }) => startServerAhead());
  }

  protected override async begin(): Promise<void> {
    const answer = this.find('.answer');
    const how = this.find('.how');
    const again = this.find<HTMLButtonElement>('.again');
    again.disabled = true;
    try {
      const { wordGenerator } = await import('../client/word-generator.ts');
      const { response, elapsedMs } = await wordGenerator().ask(this.dataset['letter'] || undefined, false);
      answer.textContent = response.status === 200 ? response.body.trim() : `${response.status} ${response.statusText}`;
      how.textContent = `answered in ${formatMs(elapsedMs)} by ${SERVER_MODULE}, running in this page`;
    } catch (error) {
      answer.textContent = 'no answer';
      how.textContent = `the module could not run here: ${(error as Error).message}`;
    } finally {
      again.disabled = false;
    }
  }
}

defineWidget('live-word', LiveWord);
