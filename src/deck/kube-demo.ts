/**
 * `<deck-kube-demo>`: the deck's live Kubernetes slide. In the presenting window it runs `kubectl apply` and `curl`
 * through the in-page model (src/kube/), whose pod runs the real module, and shows the terminal output; it loads the
 * model only when its slide is shown. The speaker view's copy mirrors the output and sends its clicks back.
 */
import { SERVER_MODULE } from '../course/facts.ts';
import { deckMode, type DeckMode } from './mode.ts';
import { deckMirror, type DeckMirror } from './mirror.ts';
import type { LiveElement } from './live.ts';
import type { Shell } from '../terminal/shell.ts';

const DEMO = 'kube';
/** What the buttons run, in order; the set-up lines run once, before the first. */
const SETUP = [
  'docker run -d -p 127.0.0.1:5001:5000 --name kind-registry registry:3',
  'buildah build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 public/wasm',
  'buildah push --tls-verify=false localhost:5001/word-generator:0.1.0',
  'kind create cluster --config deploy/kind/cluster.yaml',
];
const COMMANDS: Record<string, string[]> = {
  apply: ['kubectl apply -f deploy/k8s/', 'kubectl rollout status deployment/word-generator --timeout=60s', 'kubectl get pods'],
  curl: ['kubectl port-forward svc/word-generator 8080:8080 &', 'curl localhost:8080/?starts_with=k'],
  reset: ['kind delete cluster'],
};

interface KubeState {
  text: string;
  busy: boolean;
}

const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

class DeckKubeDemo extends HTMLElement implements LiveElement {
  readonly receiverSafe = true;
  private mode: DeckMode = 'audience';
  private mirror: DeckMirror | undefined;
  private shell: Promise<Shell> | undefined;
  /** ports this slide's terminal already forwards: a second press of the button only curls */
  private forwarded: (port: number) => boolean = () => false;
  private text = '';
  private busy = false;

  connectedCallback(): void {
    this.mode = deckMode();
    this.dataset['mode'] = this.mode;
    if (this.mode === 'print') return;
    this.mirror = deckMirror();
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-run]')) {
      button.addEventListener('click', () => {
        const which = button.dataset['run'] ?? '';
        if (this.mode === 'receiver') this.mirror?.command(DEMO, { run: which });
        else void this.run(which);
      });
    }
    if (this.mode === 'receiver') {
      this.mirror.onState(DEMO, (state) => this.draw(state as KubeState));
    } else {
      this.mirror.onCommand(DEMO, (command) => {
        const run = (command as { run?: unknown } | null)?.run;
        if (typeof run === 'string' && run in COMMANDS) void this.run(run);
      });
    }
  }

  slideShown(): void {
    if (this.mode === 'audience') void this.start();
  }

  /** The model, the shell over it, and the image and cluster the slide starts from (made once, kept in this browser). */
  private start(): Promise<Shell> {
    this.shell ??= (async () => {
      const [{ pageKubeTerminal }, { Shell }, { pageManifest, pageModule }, { workerHost }, { pageRuntimeMode }] = await Promise.all([
        import('../kube/page.ts'),
        import('../terminal/shell.ts'),
        import('../client/modules.ts'),
        import('../runtime/host/index.ts'),
        import('../client/runtime-mode.ts'),
      ]);
      const kube = pageKubeTerminal('containerless:kube:deck');
      this.forwarded = (port) => kube.session.forwards.has(port);
      // The pods' module, fetched and compiled now: from here on the slide needs no network.
      await pageModule(SERVER_MODULE);
      const shell = new Shell(
        {
          loadModule: (file) => pageModule(file),
          modules: async () => (await pageManifest()).map(({ file, bytes, role }) => ({ file, bytes, role })),
          createHost: () => kube.wrapHost(workerHost({ mode: pageRuntimeMode() })),
        },
        { write: (t) => this.print(t), clear: () => undefined },
        kube,
      );
      if (!kube.session.model.state.cluster) {
        this.print('(setting up: the image and the kind cluster, in this page)\n');
        const before = this.text;
        for (const line of SETUP) await shell.run(line);
        this.text = before; // the set-up's output is not the demo
        this.print('Ready: kubectl apply -f deploy/k8s/\n');
      } else this.print('Ready: the cluster from last time is still here.\n');
      this.dataset['ready'] = '';
      return shell;
    })();
    return this.shell;
  }

  private async run(which: string): Promise<void> {
    if (this.busy) return;
    const lines = COMMANDS[which];
    if (!lines) return;
    this.busy = true;
    this.publish();
    try {
      const shell = await this.start();
      for (const line of lines) {
        if (line.startsWith('kubectl port-forward') && this.forwarded(8080)) continue;
        this.print(`$ ${line}\n`);
        await shell.run(line);
      }
      // A reset sets the stage again, so the next apply works.
      if (which === 'reset') {
        this.shell = undefined;
        await shell.dispose();
        this.text = '';
        await this.start();
      }
    } finally {
      this.busy = false;
      this.publish();
    }
  }

  private print(text: string): void {
    // The last screenful is enough on a slide.
    this.text = (this.text + plain(text)).split('\n').slice(-11).join('\n');
    this.publish();
  }

  private publish(): void {
    const state: KubeState = { text: this.text, busy: this.busy };
    this.draw(state);
    this.mirror?.publish(DEMO, state);
  }

  private draw(state: KubeState): void {
    const out = this.querySelector('output');
    if (out) out.textContent = state.text;
    this.toggleAttribute('data-busy', state.busy);
    for (const b of this.querySelectorAll<HTMLButtonElement>('button[data-run]')) b.disabled = state.busy;
  }
}

if (!customElements.get('deck-kube-demo')) customElements.define('deck-kube-demo', DeckKubeDemo);
