import { APP_LABEL, APP_NAME, RUNTIME_CLASS } from '../../../steps/constants.ts';
import {
  crashLoopEmptyLogs,
  execFormatError,
  executorCantHandleSpec,
  externalIpPending,
  kindLoadSnapshot,
  noMatchForPlatform,
  noRuntimeConfigured,
  recognise,
  sockOpenOnWasmtime,
  type FailureMode,
} from '../../../steps/failure-modes.ts';
import { kubectl, readJson, said } from '../answers.ts';
import { engineRun } from '../engine-name.ts';
import { fail, failWith, pass, type Check, type CheckOutcome, type VerifyContext } from '../types.ts';

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
    const read = readJson<{ handler?: string }>(result, `kubectl get runtimeclass ${RUNTIME_CLASS}`);
    if ('problem' in read) return fail(read.problem, `run it yourself: kubectl get runtimeclass ${RUNTIME_CLASS} -o json`);
    const handler = read.value.handler;
    if (handler !== RUNTIME_CLASS) return failWith(noRuntimeConfigured, `RuntimeClass ${RUNTIME_CLASS} has handler "${handler}"; containerd's runtime is named ${RUNTIME_CLASS}`);
    return pass(`${RUNTIME_CLASS} -> handler ${handler}`);
  },
};

interface PodList {
  items: {
    metadata: { name: string };
    status?: {
      phase?: string;
      containerStatuses?: {
        restartCount?: number;
        state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; message?: string } };
        lastState?: { terminated?: { reason?: string; message?: string } };
      }[];
    };
  }[];
}
interface EventList {
  items: { involvedObject?: { name?: string }; reason?: string; message?: string; type?: string }[];
}

// The failures a pod's state, its events and its logs can show, most specific first. A crash loop is named only
// when nothing more telling was found.
const POD_FAILURES: readonly FailureMode[] = [noRuntimeConfigured, execFormatError, executorCantHandleSpec, noMatchForPlatform, kindLoadSnapshot, sockOpenOnWasmtime];

const PULL_FIX = `The node cannot pull the image: push it (bash deploy/scripts/03-build-image.sh) and check the registry wiring (bash deploy/scripts/02-create-cluster.sh writes /etc/containerd/certs.d/localhost:5001/hosts.toml).`;

/** Every reason and message in the pods' container states and in warning events about the app's pods. */
export function podMessages(pods: PodList, events: EventList): string[] {
  const messages: string[] = [];
  for (const pod of pods.items) {
    for (const c of pod.status?.containerStatuses ?? []) {
      for (const s of [c.state?.waiting, c.state?.terminated, c.lastState?.terminated]) {
        if (s?.reason) messages.push(`${pod.metadata.name}: ${s.reason}${s.message ? `: ${s.message}` : ''}`);
      }
    }
  }
  for (const e of events.items) {
    if (e.type === 'Warning' && e.involvedObject?.name?.startsWith(APP_NAME)) messages.push(`${e.involvedObject.name}: ${e.reason ?? ''}: ${e.message ?? ''}`);
  }
  return messages;
}

/** The most telling message about why the pods are not ready, and what to do. */
export function diagnose(pods: PodList, events: EventList, logs = ''): CheckOutcome | undefined {
  const messages = podMessages(pods, events);
  const logLines = logs.split('\n').filter((l) => l.trim() !== '');
  const known = recognise([...messages, ...logLines], POD_FAILURES);
  if (known) return failWith(known.mode, known.message);
  const pulling = messages.find((m) => /ErrImagePull|ImagePullBackOff|failed to pull/i.test(m));
  if (pulling) return fail(pulling, PULL_FIX);
  const looping = recognise(messages, [crashLoopEmptyLogs]);
  if (looping) return failWith(crashLoopEmptyLogs, `${looping.message}${logLines.length === 0 ? '; kubectl logs printed nothing' : `; last log line: ${logLines.at(-1)}`}`);
  const first = messages[0];
  return first ? fail(first, `kubectl describe pods -l ${APP_LABEL}`) : undefined;
}

/** The last lines containerd logged about Wasm on the node, when a crash loop leaves the pod's logs empty. */
async function journal(ctx: VerifyContext): Promise<string | undefined> {
  const result = await engineRun(ctx, ['exec', ctx.nodeContainer, 'journalctl', '-u', 'containerd', '--no-pager', '-n', '400']);
  if (result.code !== 0) return undefined;
  const lines = result.stdout.split('\n').filter((l) => /wasm|shim/i.test(l) && /error|fail/i.test(l));
  return lines.at(-1)?.trim();
}

export const deploymentReady: Check = {
  id: 'deployment-ready',
  title: 'Deployment ready',
  needs: ['kind-cluster'],
  async run(ctx) {
    const result = await kubectl(ctx, 'get', 'deployment', APP_NAME, '-o', 'json');
    if (result.missing) return NO_KUBECTL;
    if (result.code !== 0) return fail(notFound(result.stderr) ? `no deployment ${APP_NAME}` : `kubectl failed: ${said(result)}`, 'kubectl apply -f deploy/k8s/');
    const read = readJson<{
      spec?: { replicas?: number; template?: { spec?: { runtimeClassName?: string } } };
      status?: { readyReplicas?: number };
    }>(result, `kubectl get deployment ${APP_NAME}`);
    if ('problem' in read) return fail(read.problem, `run it yourself: kubectl get deployment ${APP_NAME} -o json`);
    const deploy = read.value;
    const runtimeClass = deploy.spec?.template?.spec?.runtimeClassName;
    if (runtimeClass !== RUNTIME_CLASS) {
      return failWith(execFormatError, `the pod template has runtimeClassName ${runtimeClass ?? '(none)'}; without ${RUNTIME_CLASS} the pod runs under runc ("exec format error")`);
    }
    const want = deploy.spec?.replicas ?? 1;
    const ready = deploy.status?.readyReplicas ?? 0;
    if (ready >= want && want > 0) return pass(`${APP_NAME}: ${ready}/${want} ready, runtimeClassName ${RUNTIME_CLASS}`);

    const pods = await kubectl(ctx, 'get', 'pods', '-l', APP_LABEL, '-o', 'json');
    const events = await kubectl(ctx, 'get', 'events', '-o', 'json');
    const podList = pods.code === 0 ? readJson<PodList>(pods, 'kubectl get pods') : undefined;
    const eventList = events.code === 0 ? readJson<EventList>(events, 'kubectl get events') : undefined;
    const podItems: PodList = podList && 'value' in podList ? { items: podList.value.items ?? [] } : { items: [] };
    const eventItems: EventList = eventList && 'value' in eventList ? { items: eventList.value.items ?? [] } : { items: [] };
    const looping = podMessages(podItems, eventItems).some((m) => /CrashLoopBackOff|Error|Completed/.test(m));
    const logs = looping ? await kubectl(ctx, 'logs', `deployment/${APP_NAME}`, '--tail=20') : undefined;
    const why = diagnose(podItems, eventItems, logs?.code === 0 ? logs.stdout : '');
    const base = `${APP_NAME}: ${ready}/${want} ready`;
    if (!why) return fail(`${base} (no pod events yet)`, `wait, then: kubectl rollout status deployment/${APP_NAME} --timeout=120s`);
    if (why.failure?.id === crashLoopEmptyLogs.id) {
      const line = await journal(ctx);
      if (line) return { ...why, detail: `${base}; ${why.detail}; containerd says: ${line}` };
    }
    return { ...why, detail: `${base}; ${why.detail}` };
  },
};

interface ServiceList {
  items?: { metadata: { name: string }; spec?: { type?: string }; status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } }[];
}

// Only when the learner applied the optional LoadBalancer Service: port-forward is the main path.
export const externalIp: Check = {
  id: 'external-ip',
  title: 'LoadBalancer address (optional)',
  needs: ['kind-cluster'],
  async run(ctx) {
    const result = await kubectl(ctx, 'get', 'services', '-l', APP_LABEL, '-o', 'json');
    if (result.missing) return NO_KUBECTL;
    if (result.code !== 0) return fail(`kubectl failed: ${said(result)}`, `kubectl get svc -l ${APP_LABEL}`);
    const read = readJson<ServiceList>(result, 'kubectl get services');
    if ('problem' in read) return fail(read.problem, `run it yourself: kubectl get svc -l ${APP_LABEL} -o json`);
    const balanced = (read.value.items ?? []).filter((s) => s.spec?.type === 'LoadBalancer');
    if (balanced.length === 0) return pass('no LoadBalancer Service (optional; port-forward is the main path)');
    const pending = balanced.filter((s) => !(s.status?.loadBalancer?.ingress ?? []).some((i) => i.ip || i.hostname));
    if (pending.length > 0) return failWith(externalIpPending, `${pending.map((s) => s.metadata.name).join(', ')}: EXTERNAL-IP <pending>`);
    const addresses = balanced.map((s) => `${s.metadata.name} at ${(s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).join(', ')}`);
    return pass(addresses.join('; '));
  },
};
