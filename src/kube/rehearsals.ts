// Which guided steps of lessons 6-8 can be rehearsed in the page's model, and with which command (the step's own
// unless the page needs another form, e.g. `&` so a port-forward leaves the prompt free). Plain data: the lesson
// pages read it at build time and load nothing of the model for it.
import { CLUSTER_NAME, KIND_CONFIG, SERVICE_PORT } from '../steps/constants.ts';
import { getStep } from '../steps/index.ts';

const SAME = Symbol('the step command');

const REHEARSALS: Record<string, string | typeof SAME> = {
  'image-build': SAME,
  'registry-start': SAME,
  'image-push': SAME,
  // The scripts do more on a machine (download the shim, wire the registry); in the page the cluster is the point.
  'cluster-create': `kind create cluster --config ${KIND_CONFIG}`,
  'runtimeclass-apply': SAME,
  'deploy-apply': SAME,
  'port-forward': `kubectl port-forward svc/word-generator ${SERVICE_PORT}:${SERVICE_PORT} &`,
  'call-service': SAME,
  teardown: `kind delete cluster --name ${CLUSTER_NAME}`,
};

/** The command that rehearses `stepId` in the page, or undefined when the step needs the learner's machine. */
export function rehearsal(stepId: string): string | undefined {
  const r = REHEARSALS[stepId];
  if (r === undefined) return undefined;
  return r === SAME ? getStep(stepId).command : r;
}
