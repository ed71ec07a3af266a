// <wasi-playground>: runs the CLI module in this page with the reader's arguments and environment, and shows its
// exit status, output and every WASI call it made.
import { CLI_MODULE } from '../course/facts.ts';
import type { TraceEvent } from '../runtime/index.ts';
import { defineWidget } from './widget.ts';
import { RunnerWidget } from './runner-widget.ts';
import { showExit, showStream, showTraceRows } from './guest-output.ts';

/** `NAME=value` lines (blank lines and `#` comments skipped), or what is wrong with the first bad one. */
export function parseEnv(text: string): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at < 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(line.slice(0, at))) return `Line ${i + 1} of the environment is not NAME=value: “${line}”`;
    env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

class WasiPlayground extends RunnerWidget {
  protected readonly tag = 'wasi-playground';
  protected override pageStart = 'visible' as const;

  protected async execute(args: string[]): Promise<void> {
    const env = parseEnv(this.find<HTMLTextAreaElement>('.env').value);
    if (typeof env === 'string') return this.say(env, 'error');
    this.say('Loading and running the module…');
    try {
      const [{ pageModule }, { pageRuntimeMode }, { workerHost, exitStatus }] = await Promise.all([
        import('../client/modules.ts'), import('../client/runtime-mode.ts'), import('../runtime/host/index.ts'),
      ]);
      const guest = await pageModule(CLI_MODULE);
      const trace: TraceEvent[] = [];
      let stdout = '';
      let stderr = '';
      // In its own Worker (the module compiled once on the page): a module that loops is stopped after 5 s.
      const outcome = await workerHost({ mode: pageRuntimeMode() }).runCommand(guest, {
        args, env, onTrace: (e) => trace.push(e), onStdout: (t) => (stdout += t), onStderr: (t) => (stderr += t),
      });
      if (outcome.kind === 'runaway') stderr = `${outcome.stderr}\n(${outcome.message})`;
      else if (outcome.kind === 'trapped') stderr = `${outcome.stderr}\n(the module trapped: ${outcome.message})`;
      const status = exitStatus(outcome);
      this.find('.results').hidden = false;
      showExit(this.find('.exit'), status);
      this.find('.took').textContent = `${(outcome.kind === 'exited' ? outcome.durationMs : 0).toFixed(2)} ms`;
      // Every call the guest made, those left out past the trace rate included (a note stands for them).
      this.find('.count').textContent = String(trace.reduce((n, e) => n + (e.dropped ?? 1), 0));
      showStream(this.find('.stdout'), stdout);
      showStream(this.find('.stderr'), stderr);
      showTraceRows(this.find('tbody'), trace);
      this.say(`Ran ${CLI_MODULE} ${args.join(' ')}: exit code ${status}.`);
    } catch (error) {
      this.say(`The module could not run: ${(error as Error).message}. Check your connection to this site and press “Run it” again.`, 'error');
    }
  }
}

defineWidget('wasi-playground', WasiPlayground);
