// The model's commands for the in-page terminal: kind, kubectl, buildah, podman, docker and skopeo, each over one
// shared session (the model plus this terminal's port-forwards), and the host wrapper that serves those forwards.
import type { Command } from '../terminal/context.ts';
import { bold, dim } from '../terminal/ansi.ts';
import type { GuestHost } from '../terminal/host.ts';
import { buildah, docker, skopeo } from './commands/images.ts';
import { kind } from './commands/kind.ts';
import { kubectl } from './commands/kubectl.ts';
import { FRAMING_SHORT } from './framing.ts';
import type { KubeModel } from './model.ts';
import { KubeSession } from './session.ts';

export interface KubeTerminal {
  session: KubeSession;
  commands: Record<string, Command>;
  /** the lines `help` adds */
  help: string;
  wrapHost(base: GuestHost): GuestHost;
}

export const KUBE_HELP = `${bold('Kubernetes in this page')} ${dim(`(${FRAMING_SHORT})`)}
  buildah|podman build --platform wasi/wasm -f deploy/Containerfile -t IMAGE public/wasm
  buildah push --tls-verify=false IMAGE      skopeo inspect --tls-verify=false docker://IMAGE
  docker buildx build ... --provenance=false --push CONTEXT      docker stop|start kind-registry
  kind create cluster --config deploy/kind/cluster.yaml          kind delete cluster
  kubectl apply -f deploy/k8s/    kubectl get pods    kubectl logs deploy/word-generator
  kubectl port-forward svc/word-generator 8080:8080 &    curl localhost:8080/?starts_with=k
  kubectl help lists the rest.
`;

export function kubeTerminal(model: KubeModel): KubeTerminal {
  const session = new KubeSession(model);
  const commands: Record<string, Command> = {
    kubectl: (ctx, args) => kubectl(ctx, args, session),
    kind: (ctx, args) => kind(ctx, args, session),
    buildah: (ctx, args) => buildah(ctx, args, session, 'buildah'),
    podman: (ctx, args) => buildah(ctx, args, session, 'podman'),
    docker: (ctx, args) => docker(ctx, args, session),
    skopeo: (ctx, args) => skopeo(ctx, args, session),
  };
  return { session, commands, help: KUBE_HELP, wrapHost: (base) => session.wrap(base) };
}
