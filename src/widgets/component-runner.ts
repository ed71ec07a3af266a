// <component-runner>: runs the jco-transpiled word generator component in this page with the reader's arguments.
import { defineWidget } from './widget.ts';
import { RunnerWidget } from './runner-widget.ts';
import { showExit } from './guest-output.ts';

class ComponentRunner extends RunnerWidget {
  protected readonly tag = 'component-runner';

  protected async execute(args: string[]): Promise<void> {
    this.say('Loading and running the component…');
    const stdout = this.find('.stdout');
    const stderr = this.find('.stderr');
    try {
      // The transpiled code (and the shim) download on first use only.
      const [{ runComponent, ComponentTrap }, { pageCoreLoader }] = await Promise.all([import('../wasip2/run.ts'), import('../wasip2/page.ts')]);
      stdout.textContent = '';
      stderr.textContent = '';
      this.find('.results').hidden = false;
      let result;
      try {
        // Streamed as it comes, so a long run shows its output before it ends.
        result = await runComponent(pageCoreLoader, { args, onStdout: (text) => stdout.append(text), onStderr: (text) => stderr.append(text) });
      } catch (error) {
        if (!(error instanceof ComponentTrap)) throw error;
        stderr.append(`(the component trapped: ${error.message})\n`);
        result = { exitCode: 1, stdout: stdout.textContent, stderr: stderr.textContent, instantiateMs: 0, runMs: 0 };
      }
      if (!result.stdout) stdout.textContent = '(nothing)';
      if (!result.stderr) stderr.textContent = '(nothing)';
      showExit(this.find('.exit'), result.exitCode);
      this.find('.inst').textContent = `${result.instantiateMs.toFixed(2)} ms`;
      this.find('.took').textContent = `${result.runMs.toFixed(2)} ms`;
      this.say(`Ran the component with ${args.length ? args.join(' ') : 'no arguments'}: exit code ${result.exitCode}.`);
    } catch (error) {
      this.say(`The component could not run: ${(error as Error).message}. Check your connection to this site and press “Run the component” again.`, 'error');
    }
  }
}

defineWidget('component-runner', ComponentRunner);
