// Serving a hosted server on a real port on 127.0.0.1: the localhost bridge here, in the main thread, and the guest
// in its worker thread (workerHost + nodeWorker), each real connection passed through by `server.connect()`. A request
// the guest leaves unanswered gets 503 from the bridge and the guest is restarted in a fresh thread; Ctrl-C always
// works, whatever the guest does. `containerless run` serves this way: workerHost({ expose: exposeOnLocalhost }).
import type { Exposer } from '../host/host.ts';
import { serveOnLocalhost } from './bridge.ts';

export const exposeOnLocalhost: Exposer = (server, o) => {
  let restarting = false;
  return serveOnLocalhost({
    port: o.port ?? server.port,
    allowHosts: o.allowHosts ?? [],
    // While it restarts, the handle fails new connections at once (503), and the fresh guest takes the next ones.
    connect: () => server.connect(),
    onUnanswered: () => {
      if (restarting) return;
      restarting = true;
      o.onRestart?.('restarting', 'the module did not answer a request in time; restarting it');
      // A restart that fails ends the server, and its onExit listeners are told why.
      void server
        .restart()
        .then(() => o.onRestart?.('serving', 'the module was restarted and serves again'), () => undefined)
        .finally(() => (restarting = false));
    },
    ...(o.answerTimeoutMs !== undefined ? { answerTimeoutMs: o.answerTimeoutMs } : {}),
  });
};
