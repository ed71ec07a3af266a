// A model on the real runtime and the real word_generator.wasm, each pod in its own in-process guest host.
import { readFileSync } from 'node:fs';
import { compileModule, VirtualNetwork, type GuestModule } from '../../../src/runtime/index.ts';
import { inProcessHost, type GuestHost } from '../../../src/runtime/host/index.ts';
import { KubeModel, type ModelOptions } from '../../../src/kube/model.ts';
import { kubeTerminal } from '../../../src/kube/terminal.ts';
import { rehearsal } from '../../../src/kube/rehearsals.ts';
import { plain } from '../../../src/terminal/ansi.ts';
import { Shell } from '../../../src/terminal/shell.ts';
import { nodeEnvironment } from '../terminal/harness.ts';

const wasm = new URL('../../../public/wasm/word_generator.wasm', import.meta.url);
export const moduleBytes = new Uint8Array(readFileSync(wasm));
let compiled: Promise<GuestModule> | undefined;
export const workload = () => (compiled ??= compileModule(moduleBytes, 'word_generator.wasm'));

export function testModel(extra: Partial<ModelOptions> = {}): KubeModel {
  return new KubeModel({
    platform: { workload, createSandbox: () => inProcessHost(new VirtualNetwork()) },
    moduleBytes: async () => moduleBytes,
    backoffBaseMs: 40,
    ...extra,
  });
}

/** Resolves when `check` holds after a change of the cluster, or rejects after `ms`. */
export function until(model: KubeModel, check: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => (stop?.(), reject(new Error('condition not reached in time'))), ms);
    const stop = model.cluster?.onChange(() => {
      if (check()) {
        clearTimeout(timer);
        stop?.();
        resolve();
      }
    });
  });
}

/** A terminal with the model's commands, as lessons 6-8 have it (on `base`, the page's host); `run` returns one command's output without colours. */
export function kubeShell(model: KubeModel = testModel(), base: () => GuestHost = () => inProcessHost()) {
  const term = kubeTerminal(model);
  let screen = '';
  const onWrite = new Set<() => void>();
  const write = (t: string) => {
    screen += t;
    for (const f of onWrite) f();
  };
  const shell = new Shell({ ...nodeEnvironment, createHost: () => term.wrapHost(base()) }, { write, clear: () => (screen = '') }, term);
  return {
    model,
    shell,
    term,
    screen: () => plain(screen),
    async run(line: string): Promise<{ out: string; status: number }> {
      const from = screen.length;
      const status = await shell.run(line);
      return { out: plain(screen.slice(from)), status };
    },
    /**
     * Starts a line that holds the prompt (watch, follow). `printed` resolves once what it printed so far passes
     * `check` (looked at on every write), or rejects after `ms`; `stop` interrupts it and returns all it printed.
     */
    hold(line: string) {
      const from = screen.length;
      const running = shell.run(line);
      const out = () => plain(screen.slice(from));
      return {
        printed: (check: (out: string) => boolean, ms = 5000) =>
          new Promise<void>((resolve, reject) => {
            const look = () => {
              if (!check(out())) return;
              clearTimeout(timer);
              onWrite.delete(look);
              resolve();
            };
            const timer = setTimeout(() => (onWrite.delete(look), reject(new Error(`${line} did not print what was awaited within ${ms} ms:\n${out()}`))), ms);
            onWrite.add(look);
            look();
          }),
        async stop(): Promise<string> {
          shell.interrupt();
          await running;
          return out();
        },
      };
    },
    async dispose() {
      await shell.dispose();
      await model.cluster?.shutdown();
    },
  };
}

/** The guided steps of lessons 6-8 in order, as their "Run here" buttons run them in the page. */
export const LESSON_STEPS = ['image-build', 'registry-start', 'image-push', 'cluster-create', 'runtimeclass-apply', 'deploy-apply'].flatMap((id) =>
  (rehearsal(id) ?? '').split('\n'),
);

/** A shell with the image pushed, the cluster created and deploy/k8s/ applied, its one pod ready. */
export async function deployed(t: ReturnType<typeof kubeShell>): Promise<void> {
  for (const line of LESSON_STEPS) {
    const r = await t.run(line);
    if (r.status !== 0) throw new Error(`${line} failed:\n${r.out}`);
  }
}
