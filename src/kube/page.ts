// The page's one model (the lesson terminal and the deck slide share it): pods run in Workers through the page's
// guest host, the workload is the module the page already compiled, and the state is kept in localStorage.
import { moduleUrl, pageModule } from '../client/modules.ts';
import { SERVER_MODULE } from '../course/facts.ts';
import { pageRuntimeMode } from '../client/runtime-mode.ts';
import { spareWorkers, workerHost } from '../runtime/host/index.ts';
import { resolvePath } from './files.ts';
import { KubeModel, type ModelStorage } from './model.ts';
import { prepareApply } from './validate.ts';
import { STORAGE_KEY } from './state.ts';
import { kubeTerminal, type KubeTerminal } from './terminal.ts';

const MODULE = SERVER_MODULE;
let model: KubeModel | undefined;

/** Saved per browser; `key` keeps a separate cluster (the deck slide's own, so a talk never inherits a lesson's). */
function storage(key: string): ModelStorage {
  return {
    load: () => localStorage.getItem(key),
    save: (text) => localStorage.setItem(key, text),
  };
}

export function pageModel(key: string = STORAGE_KEY): KubeModel {
  if (model) return model;
  let bytes: Promise<Uint8Array> | undefined;
  // What a pod needs is made ready before `kubectl apply` is typed: the module compiled (once per page, shared with
  // the page's demo and terminal) and a Worker already loaded, so a scheduled pod starts its guest at once.
  const workers = spareWorkers();
  workers.warm();
  pageModule(MODULE).catch(() => undefined); // a failure shows where a pod starts, with the reason
  // deploy/k8s/ parsed and validated once, when the page is idle, so `kubectl apply` finds it done.
  const idle = globalThis.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 0));
  idle(() => {
    const dir = resolvePath('deploy/k8s');
    if (dir.kind === 'dir') prepareApply(dir.files);
  });
  model = new KubeModel({
    platform: {
      workload: () => pageModule(MODULE),
      // Each pod is its own Worker with its own network: its own localhost, as a pod has its own network namespace.
      createSandbox: () => workerHost({ mode: pageRuntimeMode(), createWorker: workers.take }),
    },
    moduleBytes: () =>
      (bytes ??= fetch(moduleUrl(MODULE)).then(async (res) => {
        if (!res.ok) throw new Error(`could not download ${MODULE}: HTTP ${res.status}`);
        return new Uint8Array(await res.arrayBuffer());
      })),
    storage: storage(key),
  });
  return model;
}

/** The terminal's Kubernetes commands over the page's model. */
export function pageKubeTerminal(key: string = STORAGE_KEY): KubeTerminal & { notice: string | undefined } {
  const m = pageModel(key);
  const notice = m.notice;
  m.notice = undefined;
  return { ...kubeTerminal(m), notice };
}
