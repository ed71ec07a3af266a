import { APP_NAME, SERVICE_PORT } from '../../../steps/constants.ts';
import { describeError, httpGet, readWord } from '../http.ts';
import { freePort } from '../process.ts';
import { fail, pass, type Check, type Started, type VerifyContext } from '../types.ts';

/** Forwards a free local port to the Service for the duration of the check; resolves once it listens. */
async function forward(ctx: VerifyContext): Promise<{ url: string; forwarder: Started } | { problem: string }> {
  const port = await freePort();
  const forwarder = await ctx.start('kubectl', ['--context', ctx.kubeContext, 'port-forward', `svc/${APP_NAME}`, `${port}:${SERVICE_PORT}`]);
  if ('missing' in forwarder) return { problem: 'kubectl is not installed' };
  let ended = false;
  void forwarder.exited.then(() => (ended = true));
  const end = Date.now() + 10_000;
  while (Date.now() < end && !ended && !/Forwarding from/.test(forwarder.output())) await new Promise((r) => setTimeout(r, 100));
  if (!/Forwarding from/.test(forwarder.output())) {
    await forwarder.stop();
    return { problem: `kubectl port-forward svc/${APP_NAME} did not start: ${forwarder.output().trim().split('\n').pop() ?? 'no output'}` };
  }
  return { url: `http://127.0.0.1:${port}`, forwarder };
}

export const serviceAnswers: Check = {
  id: 'service-answers',
  title: 'Service answers with a word',
  needs: (ctx) => (ctx.serviceUrl === undefined ? ['deployment-ready'] : []),
  async run(ctx) {
    let url = ctx.serviceUrl?.replace(/\/+$/, '');
    let forwarder: Started | undefined;
    if (url === undefined) {
      const opened = await forward(ctx);
      if ('problem' in opened) return fail(opened.problem, `kubectl get svc ${APP_NAME}; if it is missing: kubectl apply -f deploy/k8s/`);
      ({ url, forwarder } = opened);
    }
    try {
      const answer = readWord(await httpGet(`${url}/?starts_with=d`), 'd');
      if ('problem' in answer) return fail(`${url}/?starts_with=d: ${answer.problem}`, `kubectl logs deployment/${APP_NAME}`);
      return pass(`${url}/?starts_with=d answered "${answer.word}"${forwarder ? ` (through kubectl port-forward svc/${APP_NAME})` : ''}`);
    } catch (error) {
      return fail(`${url}/?starts_with=d: ${describeError(error)}`, `kubectl get pods -l app.kubernetes.io/name=${APP_NAME}; kubectl logs deployment/${APP_NAME}`);
    } finally {
      await forwarder?.stop();
    }
  },
};
