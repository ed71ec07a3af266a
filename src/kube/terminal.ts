// The model's commands for the in-page terminal: kind, kubectl, buildah, podman, docker and skopeo, each over one
// shared session (the model plus this terminal's port-forwards), and the host wrapper that serves those forwards.
import type { CommandDeclaration } from '../terminal/context.ts';
import { bold, dim } from '../terminal/ansi.ts';
import type { GuestHost } from '../runtime/host/index.ts';
import { buildah, docker, skopeo } from './commands/images.ts';
import { kind } from './commands/kind.ts';
import { kubectl } from './commands/kubectl.ts';
import { FRAMING_SHORT } from './framing.ts';
import type { KubeModel } from './model.ts';
import { KubeSession } from './session.ts';

export interface KubeTerminal {
  session: KubeSession;
  /** declared as the terminal's own commands are (src/terminal/commands/index.ts); they replace the "runs on your machine" ones */
  commands: CommandDeclaration[];
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
  // Listed in help through KUBE_HELP's lines, not one by one.
  const commands: CommandDeclaration[] = [
    { name: 'kubectl', usage: 'kubectl <verb> ...', summary: 'the cluster in this page', listed: false, run: (ctx, args) => kubectl(ctx, args, session) },
    { name: 'kind', usage: 'kind create|delete cluster', summary: 'the kind cluster in this page', listed: false, run: (ctx, args) => kind(ctx, args, session) },
    { name: 'buildah', usage: 'buildah build|push ...', summary: 'images in this page', listed: false, run: (ctx, args) => buildah(ctx, args, session, 'buildah') },
    { name: 'podman', usage: 'podman build|push ...', summary: 'images in this page', listed: false, run: (ctx, args) => buildah(ctx, args, session, 'podman') },
    { name: 'docker', usage: 'docker buildx build|stop|start ...', summary: 'images and the registry in this page', listed: false, run: (ctx, args) => docker(ctx, args, session) },
    { name: 'skopeo', usage: 'skopeo inspect ...', summary: 'the registry in this page', listed: false, run: (ctx, args) => skopeo(ctx, args, session) },
  ];
  return { session, commands, help: KUBE_HELP, wrapHost: (base) => session.wrap(base) };
}
