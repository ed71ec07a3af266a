// What the in-page cluster is and is not, in one place: the terminal, the lessons and the deck slide all show it.
import { SERVER_MODULE } from '../course/facts.ts';

export const FRAMING_SHORT = `A model of the Kubernetes control plane, in this page; the pods run the real ${SERVER_MODULE}.`;

/** Where the model differs from a real kind cluster. Shown beside it, never hidden behind a click. */
export const DIFFERENCES: readonly string[] = [
  'one node, no real containerd or runwasi shim: the model decides what the shim would do, then runs the module on the page\'s WASI runtime',
  'no network policy, no kube-proxy: a Service picks its pods in turn (kube-proxy picks at random)',
  'only the objects this course uses: RuntimeClass, Deployment, ReplicaSet, Pod, Service, Endpoints, Event',
  'the registry and the images live in this browser; builds read the course\'s deploy/ files and the module this page serves',
];

export const FRAMING_LONG = `${FRAMING_SHORT}\nWhat differs from a real cluster:\n${DIFFERENCES.map((d) => `  - ${d}`).join('\n')}\nThe guided steps beside it are for a real cluster on your machine.`;
