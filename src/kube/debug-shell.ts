// A debug pod as `kubectl run` gives one: the cluster's network seen from inside a pod (Service DNS names, ClusterIPs
// and pod IPs resolve; localhost is the debug pod itself), and with `-it ... -- sh` a shell there, whose prompt is
// the image's, until `exit`. Its commands are the terminal's own curl and a few shell builtins, on that network.
import { HttpError } from '../runtime/index.ts';
import type { GuestHost } from '../runtime/host/index.ts';
import { dim, red } from '../terminal/ansi.ts';
import { COMMANDS } from '../terminal/commands/index.ts';
import type { CommandDeclaration, InnerShell } from '../terminal/context.ts';
import { deletedLine } from './print.ts';
import type { KubeSession } from './session.ts';

/** The images a debug pod can use here: they have curl and a shell. */
export const DEBUG_IMAGES = /^(docker\.io\/)?(curlimages\/curl|nicolaka\/netshoot|alpine\/curl|busybox)(:|@|$)/;

/** The shells those images have, as `-- sh` may name them. */
export const SHELLS = /^(\/bin\/)?(sh|ash)$/;

/** What a curl inside a pod reaches: the cluster's network, not the terminal's localhost. */
export function podNetwork(base: GuestHost, session: KubeSession): GuestHost {
  return {
    ...base,
    isListening: () => false,
    holderOf: () => undefined,
    request: async (url, init = {}) => {
      const u = new URL(typeof url === 'string' ? url : url.href);
      if (/^(localhost|127\.0\.0\.1)$/.test(u.hostname)) throw new HttpError('ECONNREFUSED', `Failed to connect to ${u.hostname} port ${u.port || 80}: Connection refused`);
      return (await session.model.requestService(u, init)).response;
    },
  };
}

/** The prompt busybox sh draws there: curlimages/curl runs as curl_user in its home, the others as root in /. */
function promptOf(image: string): string {
  return /curlimages\/curl/.test(image) ? '~ $ ' : '/ # ';
}

const BUILTINS = new Set(['curl', 'echo', 'clear', 'history']);

export interface DebugPod {
  name: string;
  image: string;
  /** --rm: the pod is deleted when the session ends */
  remove: boolean;
  /** --restart: kubectl says how to attach again only to a pod that restarts (Always) */
  restart: string;
}

/** The shell of `kubectl run -it [--rm] NAME --image=IMAGE [--restart=Never] -- sh`. */
export function debugShell(base: GuestHost, session: KubeSession, pod: DebugPod): InnerShell {
  const commands: CommandDeclaration[] = [
    ...COMMANDS.filter((c) => BUILTINS.has(c.name)),
    { name: 'hostname', usage: 'hostname', summary: 'this pod\'s name', run: (ctx) => (ctx.write(`${pod.name}\n`), 0) },
    {
      name: 'help', usage: 'help', summary: 'what this shell has',
      run: (ctx) => {
        ctx.write(dim(`A shell in the debug pod ${pod.name} (${pod.image}), on the cluster's network: Service names such as word-generator\nand word-generator.default.svc.cluster.local resolve here. It has ${[...BUILTINS, 'hostname'].join(', ')} and exit.\n`));
        return 0;
      },
    },
  ];
  return {
    prompt: promptOf(pod.image),
    host: podNetwork(base, session),
    commands,
    notFound: (name) => `sh: ${name}: not found\n`,
    leave: (ctx, status) => {
      if (pod.restart === 'Always') ctx.write(`Session ended, resume using 'kubectl attach ${pod.name} -c ${pod.name} -i -t' command when the pod is running\n`);
      if (pod.remove) ctx.write(deletedLine('Pod', pod.name));
      // A pod that ran to completion (restart Never) passes its exit code on, as kubectl run does.
      if (status !== 0 && pod.restart !== 'Always') ctx.write(red(`pod default/${pod.name} terminated (Error)\n`));
      return pod.restart === 'Always' ? 0 : status;
    },
  };
}
