import { APP_LABEL, APP_NAME, RUNTIME_CLASS } from '../../../steps/constants.ts';
import {
  crashLoopEmptyLogs,
  execFormatError,
  executorCantHandleSpec,
  kindLoadSnapshot,
  noMatchForPlatform,
  noRuntimeConfigured,
} from '../../../steps/troubleshooting.ts';
import type { Troubleshooting } from '../../../steps/schema.ts';
import { said } from './cluster.ts';
import { fail, pass, type Check, type VerifyContext } from '../types.ts';

const kubectl = (ctx: VerifyContext, ...args: string[]) => ctx.run('kubectl', ['--context', ctx.kubeContext, '--request-timeout=10s', ...args]);
const NO_KUBECTL = fail('kubectl is not installed', 'install kubectl: https://kubernetes.io/docs/tasks/tools/');
const notFound = (stderr: string) => /NotFound|not found/i.test(stderr);

export const runtimeClassPresent: Check = {
  id: 'runtimeclass-present',
  title: 'RuntimeClass present',
  needs: ['kind-cluster'],
  async run(ctx) {
    const result = await kubectl(ctx, 'get', 'runtimeclass', RUNTIME_CLASS, '-o', 'json');
    if (result.missing) return NO_KUBECTL;
    const apply = 'kubectl apply -f deploy/k8s/runtimeclass.yaml';
    if (result.code !== 0) return fail(notFound(result.stderr) ? `no RuntimeClass ${RUNTIME_CLASS}` : `kubectl failed: ${said(result)}`, apply);
    const handler = (JSON.parse(result.stdout) as { handler?: string }).handler;
    if (handler !== RUNTIME_CLASS) return fail(`RuntimeClass ${RUNTIME_CLASS} has handler "${handler}"; containerd's runtime is named ${RUNTIME_CLASS}`, apply);
    return pass(`${RUNTIME_CLASS} -> handler ${handler}`);
  },
};

interface PodList {
  items: {
    metadata: { name: string };
    status?: {
      phase?: string;
      containerStatuses?: { restartCount?: number; state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; message?: string } } }[];
    };
  }[];
}
interface EventList {
  items: { involvedObject?: { name?: string }; reason?: string; message?: string; type?: string }[];
}

// Messages from pods and events, matched against the failures learners hit, most specific first.
const KNOWN: [RegExp, Troubleshooting][] = [
  [/no runtime for "?\w+"? is configured|RuntimeClass "?\w+"? not found/i, noRuntimeConfigured],
  [/exec format error/i, execFormatError],
  [/can'?t handle spec/i, executorCantHandleSpec],
  [/no match for platform in manifest/i, noMatchForPlatform],
  [/parent snapshot .* does not exist|content digest .* not found/i, kindLoadSnapshot],
  [/CrashLoopBackOff/, crashLoopEmptyLogs],
];

const pull: Troubleshooting = {
  symptom: 'ErrImagePull / ImagePullBackOff',
  fix: 'The node cannot pull the image: push it (bash deploy/scripts/03-build-image.sh) and check the registry wiring (bash deploy/scripts/02-create-cluster.sh writes /etc/containerd/certs.d/localhost:5001/hosts.toml).',
};

/** The most telling message about why the pods are not ready, and what to do. */
export function diagnose(pods: PodList, events: EventList): { detail: string; fix: string } | undefined {
  const messages: string[] = [];
  for (const pod of pods.items) {
    for (const c of pod.status?.containerStatuses ?? []) {
      const s = c.state?.waiting ?? c.state?.terminated;
      if (s?.reason) messages.push(`${pod.metadata.name}: ${s.reason}${s.message ? `: ${s.message}` : ''}`);
    }
  }
  for (const e of events.items) {
    if (e.type === 'Warning' && e.involvedObject?.name?.startsWith(APP_NAME)) messages.push(`${e.involvedObject.name}: ${e.reason ?? ''}: ${e.message ?? ''}`);
  }
  for (const [pattern, known] of KNOWN) {
    const hit = messages.find((m) => pattern.test(m));
    if (hit) return { detail: hit, fix: known.fix };
  }
  const pulling = messages.find((m) => /ErrImagePull|ImagePullBackOff|failed to pull/i.test(m));
  if (pulling) return { detail: pulling, fix: pull.fix };
  const first = messages[0];
  return first ? { detail: first, fix: `kubectl describe pods -l ${APP_LABEL}` } : undefined;
}

export const deploymentReady: Check = {
  id: 'deployment-ready',
  title: 'Deployment ready',
  needs: ['kind-cluster'],
  async run(ctx) {
    const result = await kubectl(ctx, 'get', 'deployment', APP_NAME, '-o', 'json');
    if (result.missing) return NO_KUBECTL;
    if (result.code !== 0) return fail(notFound(result.stderr) ? `no deployment ${APP_NAME}` : `kubectl failed: ${said(result)}`, 'kubectl apply -f deploy/k8s/');
    const deploy = JSON.parse(result.stdout) as {
      spec: { replicas?: number; template: { spec: { runtimeClassName?: string } } };
      status?: { readyReplicas?: number };
    };
    const runtimeClass = deploy.spec.template.spec.runtimeClassName;
    if (runtimeClass !== RUNTIME_CLASS) {
      return fail(`the pod template has runtimeClassName ${runtimeClass ?? '(none)'}; without ${RUNTIME_CLASS} the pod runs under runc ("exec format error")`, 'kubectl apply -f deploy/k8s/deployment.yaml');
    }
    const want = deploy.spec.replicas ?? 1;
    const ready = deploy.status?.readyReplicas ?? 0;
    if (ready >= want && want > 0) return pass(`${APP_NAME}: ${ready}/${want} ready, runtimeClassName ${RUNTIME_CLASS}`);

    const pods = await kubectl(ctx, 'get', 'pods', '-l', APP_LABEL, '-o', 'json');
    const events = await kubectl(ctx, 'get', 'events', '-o', 'json');
    const why = diagnose(
      pods.code === 0 ? (JSON.parse(pods.stdout) as PodList) : { items: [] },
      events.code === 0 ? (JSON.parse(events.stdout) as EventList) : { items: [] },
    );
    const base = `${APP_NAME}: ${ready}/${want} ready`;
    return why ? fail(`${base}; ${why.detail}`, why.fix) : fail(`${base} (no pod events yet)`, `wait, then: kubectl rollout status deployment/${APP_NAME} --timeout=120s`);
  },
};
