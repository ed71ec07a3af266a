// One terminal's view of the model: its port-forwards (kubectl port-forward listens on the terminal's own
// localhost), and the guest host the shell uses, which answers those ports through the forward and leaves every
// other port to the page's own guests.
import type { GuestHost, RunningServer } from '../runtime/host/index.ts';
import type { ExitInfo, ServerStatus } from '../runtime/index.ts';
import type { KubeModel, Target } from './model.ts';

/** A running `kubectl port-forward`: a job of the shell, like a server. */
export class PortForward implements RunningServer {
  readonly port: number;
  readonly target: Target;
  readonly label: string;
  status: ServerStatus = 'listening';
  #listeners = new Set<(info: ExitInfo) => void>();
  #session: KubeSession;

  constructor(session: KubeSession, port: number, target: Target, label: string) {
    this.#session = session;
    this.port = port;
    this.target = target;
    this.label = label;
  }

  onExit(listener: (info: ExitInfo) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.end('stopped', '');
  }

  end(reason: ExitInfo['reason'], message: string): void {
    if (this.status !== 'listening') return;
    this.status = reason === 'stopped' ? 'stopped' : 'exited';
    this.#session.forwards.delete(this.port);
    for (const l of [...this.#listeners]) l({ reason, exitCode: reason === 'stopped' ? 0 : 1, message, stderr: '' });
  }
}

export class KubeSession {
  readonly model: KubeModel;
  readonly forwards = new Map<number, PortForward>();
  /** lines for `kubectl port-forward` to print when a request is forwarded */
  onForward: ((forward: PortForward) => void) | undefined;

  constructor(model: KubeModel) {
    this.model = model;
  }

  /** The shell's host, with the forwarded ports answered by the pods. */
  wrap(base: GuestHost): GuestHost {
    return {
      get where() {
        return base.where;
      },
      get canInterrupt() {
        return base.canInterrupt;
      },
      startServer: (guest, o) => base.startServer(guest, o),
      runCommand: (guest, o) => base.runCommand(guest, o),
      isListening: (port) => this.forwards.has(port) || base.isListening(port),
      onChange: (listener) => base.onChange(listener),
      stopAll: () => base.stopAll(),
      // "Address in use" messages name who holds a port: a port-forward of this terminal, or the page's own holder.
      holderOf: (port) => {
        const forward = this.forwards.get(port);
        return forward ? `kubectl port-forward (${forward.label}) in this terminal, forwarding to pod ${forward.target.pod.metadata.name}` : base.holderOf?.(port);
      },
      label: (server, holder) => base.label?.(server, holder),
      request: async (url, init = {}) => {
        const u = new URL(typeof url === 'string' ? url : url.href);
        const forward = /^(localhost|127\.0\.0\.1)$/.test(u.hostname) ? this.forwards.get(Number(u.port || 80)) : undefined;
        if (!forward) return base.request(url, init);
        this.onForward?.(forward);
        return this.model.requestPod(forward.target, `${u.pathname}${u.search}`, init);
      },
    };
  }

  /** Ends the forwards whose pod is gone, as kubectl's stream breaks when its pod goes away. */
  checkForwards(): void {
    for (const f of [...this.forwards.values()]) {
      const alive = this.model.cluster?.list('Pod').includes(f.target.pod) && !f.target.pod.metadata.deletionTimestamp;
      if (!alive) f.end('exited', `error: lost connection to pod ${f.target.pod.metadata.name}`);
    }
  }
}
