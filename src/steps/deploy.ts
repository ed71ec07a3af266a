import type { StepInput } from './schema.ts';
import { APP_LABEL, APP_NAME, HEALTH_PATH, MANIFEST_DIR, RUNTIME_CLASS, SERVICE_PORT } from './constants.ts';
import {
  crashLoopEmptyLogs,
  execFormatError,
  executorCantHandleSpec,
  externalIpPending,
  noMatchForPlatform,
  noRuntimeConfigured,
  wrongContext,
} from './troubleshooting.ts';
import { GUEST_PORT } from '../course/facts.ts';

/** The lesson that shows these steps (content/lessons/08-deploy.mdx). */
const LESSON = '08-deploy';

// Deploy the image with its RuntimeClass, wait for it, and call it through the Service.
export const deploySteps: StepInput[] = [
  {
    id: 'runtimeclass-apply',
    title: `Create the RuntimeClass "${RUNTIME_CLASS}"`,
    command: `kubectl apply -f ${MANIFEST_DIR}/runtimeclass.yaml`,
    where: 'cluster',
    lesson: '07-wasm-cluster', // the cluster lesson creates the class; 04-deploy.sh applies it again
    summary: 'Names the node runtime pods can ask for; its handler is the runtime name in containerd\'s config.',
    expected: `runtimeclass.node.k8s.io/${RUNTIME_CLASS} created`,
    hint: 'The next step applies the whole folder, this file included; applying it twice changes nothing.',
    troubleshooting: [wrongContext, noRuntimeConfigured],
    check: 'runtimeclass-present',
    script: 'deploy/scripts/04-deploy.sh',
  },
  {
    id: 'deploy-apply',
    title: 'Deploy the word generator',
    command: `kubectl apply -f ${MANIFEST_DIR}/\nkubectl rollout status deployment/${APP_NAME} --timeout=120s`,
    where: 'cluster',
    lesson: LESSON,
    summary: `A Deployment with runtimeClassName ${RUNTIME_CLASS}, probes on ${HEALTH_PATH} and small resource limits, and a Service on port ${SERVICE_PORT}.`,
    expected: `deployment "${APP_NAME}" successfully rolled out`,
    hint: `Stuck? \`kubectl describe pods -l ${APP_LABEL}\` shows the events; \`containerless verify deployment-ready\` reads them for you.`,
    troubleshooting: [noRuntimeConfigured, execFormatError, executorCantHandleSpec, noMatchForPlatform, crashLoopEmptyLogs, wrongContext],
    check: 'deployment-ready',
    script: 'deploy/scripts/04-deploy.sh',
  },
  {
    id: 'port-forward',
    title: 'Forward a local port to the Service',
    command: `kubectl port-forward svc/${APP_NAME} ${SERVICE_PORT}:${SERVICE_PORT}`,
    where: 'cluster',
    lesson: LESSON,
    summary: 'Makes the Service reachable on localhost without a load balancer.',
    expected: `Forwarding from 127.0.0.1:${SERVICE_PORT} -> ${GUEST_PORT}`,
    hint: 'Leave it running and call the service from another terminal. Want an external IP instead? Run cloud-provider-kind and apply deploy/k8s/optional/service-loadbalancer.yaml.',
    troubleshooting: [
      { symptom: `unable to listen on port ${SERVICE_PORT}`, fix: `Port ${SERVICE_PORT} is taken on your machine; use another local port, e.g. 18080:${SERVICE_PORT}, and curl that one.` },
      externalIpPending,
    ],
    check: 'service-answers',
    script: 'deploy/scripts/05-call.sh',
  },
  {
    id: 'call-service',
    title: 'Ask the cluster for a word',
    command: `curl "http://localhost:${SERVICE_PORT}/?starts_with=d"`,
    where: 'machine',
    lesson: LESSON,
    summary: 'The same request as before; this time a pod on Kubernetes answers, with no container image in sight.',
    expected: 'a word starting with d',
    hint: 'Scale it (`kubectl scale deployment/word-generator --replicas=3`) and watch how fast the new pods are ready.',
    troubleshooting: [
      { symptom: `curl: (7) Failed to connect to localhost port ${SERVICE_PORT}`, fix: 'The port-forward is not running; start it (previous step) and keep it open.' },
      crashLoopEmptyLogs,
    ],
    check: 'service-answers',
    script: 'deploy/scripts/05-call.sh',
  },
  {
    id: 'external-ip',
    title: 'Optional: an external IP with cloud-provider-kind',
    command: `kubectl apply -f ${MANIFEST_DIR}/optional/service-loadbalancer.yaml\nkubectl get svc ${APP_NAME}-lb`,
    where: 'cluster',
    lesson: LESSON,
    summary: 'A LoadBalancer Service; on kind it gets an address only while cloud-provider-kind runs on your machine.',
    expected: `${APP_NAME}-lb   LoadBalancer   10.96.x.x   172.18.0.x   ${SERVICE_PORT}:3xxxx/TCP`,
    hint: 'Skip it if port-forward is enough. Start cloud-provider-kind first (it needs to run as long as you use the address).',
    troubleshooting: [externalIpPending],
    check: 'external-ip',
  },
  {
    id: 'teardown',
    title: 'Tear it all down',
    command: 'bash deploy/scripts/99-teardown.sh',
    where: 'machine',
    lesson: LESSON,
    summary: 'Deletes the kind cluster and the registry container. The downloaded shim stays in deploy/.cache/.',
    expected: `Deleting cluster "containerless" ...`,
    hint: 'Everything can be recreated with the scripts 01 to 05.',
    troubleshooting: [],
    script: 'deploy/scripts/99-teardown.sh',
  },
];
