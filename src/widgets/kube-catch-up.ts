// <kube-catch-up>: replays earlier lessons' steps in the page's terminal, to bring its model cluster up to date.
import { Widget, defineWidget } from './widget.ts';
import { runHere } from './run-here.ts';

class KubeCatchUp extends Widget {
  protected readonly tag = 'kube-catch-up';

  protected override setup(): void {
    this.find('button.run').addEventListener('click', () => void this.begin());
  }

  protected override begin(): void {
    const taken = runHere({ command: this.find('button.run').dataset['command'] ?? '' });
    this.say(taken ? 'Running in the terminal on this page.' : 'There is no terminal on this page to run them in.');
  }
}

defineWidget('kube-catch-up', KubeCatchUp);
