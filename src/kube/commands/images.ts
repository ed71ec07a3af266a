// The image tools of lesson 6 on the in-page registry: buildah/podman build and push, docker buildx build (an
// index with an attestation unless --provenance=false), the registry container (docker run/stop/start
// kind-registry) and skopeo inspect. The image is computed from deploy/Containerfile and the module's bytes.
import { dim, red } from '../../terminal/ansi.ts';
import { SERVER_MODULE } from '../../course/facts.ts';
import type { CommandContext } from '../../terminal/context.ts';
import { deployFiles, normalisePath } from '../files.ts';
import { buildImage, MEDIA, parseContainerfile, parseReference, type StoredImage } from '../oci.ts';
import type { KubeSession } from '../session.ts';
import { flag, parseFlags, truthy, type Parsed } from './flags.ts';

const VALUED = ['f', 'file', 't', 'tag', 'platform', 'build-arg', 'format', 'annotation', 'creds', 'name', 'p', 'network', 'restart', 'storage-driver', 'builder', 'output', 'o'];
const REGISTRY = 'localhost:5001';

/** The folders that hold word_generator.wasm on the learner's machine; here they all hold the page's module. */
const CONTEXTS = ['wasm/target/wasm32-wasip1/release', 'wasm/target/wasm32-wasi/release', 'public/wasm'];

const key = (ref: string) => {
  const r = parseReference(ref);
  return `${r.registry}/${r.repository}:${r.tag}`;
};
const short = (digest: string, n = 12) => digest.slice(7, 7 + n);

async function build(ctx: CommandContext, p: Parsed, session: KubeSession, tool: string, buildx: boolean): Promise<number> {
  const context = normalisePath(p.positional[0] ?? '');
  const tag = flag(p, 't', 'tag');
  if (!p.positional[0]) {
    ctx.write(red(`${tool === 'docker' ? 'ERROR: "docker buildx build" requires exactly 1 argument.' : 'Error: no context directory and no Containerfile specified'}\n`) + dim(`Try: ${tool === 'docker' ? 'docker buildx build --platform wasi/wasm --provenance=false -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 --push public/wasm' : `${tool} build --platform wasi/wasm -f deploy/Containerfile -t localhost:5001/word-generator:0.1.0 public/wasm`}\n`));
    return 125;
  }
  if (!CONTEXTS.includes(context)) {
    ctx.write(red(`Error: stat ${context}: no such file or directory\n`) + dim(`The build context is the folder that holds ${SERVER_MODULE}: ${CONTEXTS.join(' or ')}\n`));
    return 125;
  }
  const file = normalisePath(flag(p, 'f', 'file') ?? `${context}/Containerfile`);
  const text = deployFiles.get(file);
  if (text === undefined) {
    ctx.write(red(`Error: no Containerfile or Dockerfile specified or found in context directory, ${context}: no such file or directory\n`) + dim('The course\'s Containerfile: -f deploy/Containerfile\n'));
    return 125;
  }
  const [os = 'linux', architecture = 'amd64'] = (flag(p, 'platform') ?? 'linux/amd64').split('/');
  let containerfile;
  try {
    containerfile = parseContainerfile(text);
  } catch (error) {
    ctx.write(red(`Error: ${(error as Error).message}\n`));
    return 125;
  }
  const bytes = await session.model.options.moduleBytes();
  const attestation = buildx && flag(p, 'provenance') !== 'false' && !truthy(p, 'load');
  let image: StoredImage;
  try {
    image = await buildImage({ containerfile, context: new Map([[SERVER_MODULE, bytes]]), platform: { os, architecture }, created: session.model.now, builtBy: tool, attestation });
  } catch (error) {
    ctx.write(red(`Error: building at STEP "COPY": ${(error as Error).message}\n`));
    return 125;
  }
  const steps = [`FROM ${containerfile.from}`, ...containerfile.copies.map((c) => `COPY ${c.source} ${c.dest}`), ...(containerfile.entrypoint ? [`ENTRYPOINT ${JSON.stringify(containerfile.entrypoint)}`] : [])];
  if (buildx) {
    ctx.write(`[+] Building 0.3s (5/5) FINISHED\n => [internal] load build definition from ${file.split('/').pop()}\n => [internal] load build context\n => => transferring context: ${bytes.length} bytes\n => [1/1] ${steps[1] ?? steps[0]}\n => exporting to image\n => => exporting layers\n`);
    if (image.mediaType === MEDIA.index) ctx.write(` => => exporting manifest ${image.raw.includes(MEDIA.manifest) ? JSON.parse(image.raw).manifests[0].digest : ''}\n => => exporting attestation manifest ${JSON.parse(image.raw).manifests[1].digest}\n => => exporting manifest list ${image.digest}\n`);
    else ctx.write(` => => exporting manifest ${image.digest}\n => => exporting config ${image.configDigest}\n`);
    if (tag && truthy(p, 'push')) {
      const pushed = push(ctx, session, tag, image, true);
      if (pushed !== 0) return pushed;
      ctx.write(` => => pushing manifest for ${tag}@${image.digest}\n`);
    } else if (tag) {
      session.model.state.local[key(tag)] = image;
      ctx.write(` => => naming to ${tag}\n`);
    }
    if (image.mediaType === MEDIA.index) ctx.write(dim('(an image index with a provenance attestation: the Wasm shims reject it; add --provenance=false)\n'));
  } else {
    steps.forEach((s, i) => ctx.write(`STEP ${i + 1}/${steps.length}: ${s}\n`));
    if (tag) ctx.write(`COMMIT ${tag}\n`);
    ctx.write(`Getting image source signatures\n${image.layers.map((l) => `Copying blob ${short(l.digest)} done   | \n`).join('')}Copying config ${short(image.configDigest)} done   | \nWriting manifest to image destination\n`);
    ctx.write(`--> ${short(image.configDigest, 11)}\n`);
    if (tag) {
      session.model.state.local[key(tag)] = image;
      ctx.write(`Successfully tagged ${key(tag).replace(/^docker\.io\/(library\/)?/, '')}\n`);
    }
    ctx.write(`${image.configDigest.slice(7)}\n`);
  }
  if (os !== 'wasi' || architecture !== 'wasm') ctx.write(dim(`(platform ${os}/${architecture}: for the Wasm shim the course builds with --platform wasi/wasm)\n`));
  session.model.save();
  return 0;
}

function push(ctx: CommandContext, session: KubeSession, ref: string, image: StoredImage, quiet: boolean): number {
  const r = parseReference(ref);
  if (`${r.registry}` !== REGISTRY) {
    ctx.write(red(`Error: trying to reuse blob at destination: pinging container registry ${r.registry}: Get "https://${r.registry}/v2/": dial tcp: lookup ${r.registry}: no such host\n`) + dim(`(this page has no internet; its registry is ${REGISTRY})\n`));
    return 125;
  }
  if (!session.model.state.registry.running) {
    ctx.write(red(`Error: trying to reuse blob at destination: pinging container registry ${REGISTRY}: Get "http://${REGISTRY}/v2/": dial tcp [::1]:5001: connect: connection refused\n`) + dim('(the registry is stopped: docker start kind-registry)\n'));
    return 125;
  }
  session.model.state.registry.images[key(ref)] = image;
  if (!quiet) ctx.write(`Getting image source signatures\n${image.layers.map((l) => `Copying blob ${short(l.digest)} done   | \n`).join('')}Copying config ${short(image.configDigest)} done   | \nWriting manifest to image destination\n`);
  session.model.save();
  return 0;
}

function pushCommand(ctx: CommandContext, p: Parsed, session: KubeSession, tool: string): number {
  const ref = p.positional[0];
  if (!ref) {
    ctx.write(red(`Error: at least a source image ID must be specified\n`));
    return 125;
  }
  const image = session.model.state.local[key(ref)];
  if (!image) {
    ctx.write(red(`Error: ${ref}: image not known\n`) + dim(`Build it first: ${tool} build --platform wasi/wasm -f deploy/Containerfile -t ${ref} public/wasm\n`));
    return 125;
  }
  if (tool !== 'docker' && flag(p, 'tls-verify') !== 'false') {
    ctx.write(red(`Error: trying to reuse blob at destination: pinging container registry ${REGISTRY}: Get "https://${REGISTRY}/v2/": http: server gave HTTP response to HTTPS client\n`));
    return 125;
  }
  return push(ctx, session, ref, image, false);
}

function images(ctx: CommandContext, session: KubeSession): number {
  const rows = Object.entries(session.model.state.local).map(([ref, img]) => {
    const r = parseReference(ref);
    return `${`${r.registry}/${r.repository}`.padEnd(34)}${r.tag.padEnd(11)}${short(img.configDigest).padEnd(15)}${new Date(img.config.created).toISOString().slice(0, 16).replace('T', ' ')}  ${img.layers.reduce((n, l) => n + l.size, 0)} B`;
  });
  ctx.write(`${'REPOSITORY'.padEnd(34)}${'TAG'.padEnd(11)}${'IMAGE ID'.padEnd(15)}CREATED           SIZE\n${rows.map((r) => `${r}\n`).join('')}`);
  return 0;
}

/** buildah and podman share the engine and these subcommands. */
export async function buildah(ctx: CommandContext, args: string[], session: KubeSession, tool: 'buildah' | 'podman'): Promise<number> {
  const [verb, ...rest] = args;
  const p = parseFlags(rest, VALUED);
  if (verb === 'build' || verb === 'bud') return build(ctx, p, session, tool, false);
  if (verb === 'push') return pushCommand(ctx, p, session, tool);
  if (verb === 'images') return images(ctx, session);
  if (verb === 'stop' || verb === 'start' || verb === 'run' || verb === 'ps') return docker(ctx, args, session);
  ctx.write(`usage: ${tool} build --platform wasi/wasm -f deploy/Containerfile -t IMAGE CONTEXT\n       ${tool} push --tls-verify=false IMAGE\n       ${tool} images\n`);
  return verb ? 125 : 0;
}

export async function docker(ctx: CommandContext, args: string[], session: KubeSession): Promise<number> {
  const [verb, ...rest] = args;
  const registry = session.model.state.registry;
  if (verb === 'buildx' && rest[0] === 'build') return build(ctx, parseFlags(rest.slice(1), VALUED), session, 'docker', true);
  if (verb === 'build') return build(ctx, parseFlags(rest, VALUED), session, 'docker', true);
  if (verb === 'push') return pushCommand(ctx, parseFlags(rest, VALUED), session, 'docker');
  if (verb === 'images') return images(ctx, session);
  const p = parseFlags(rest, VALUED);
  if (verb === 'run' && (flag(p, 'name') === 'kind-registry' || p.positional.some((w) => /^registry(:|$)/.test(w)))) {
    if (registry.running) {
      ctx.write(red('docker: Error response from daemon: Conflict. The container name "/kind-registry" is already in use. You have to remove (or rename) that container to be able to reuse that name.\n') + dim('(the page\'s registry is running already on localhost:5001)\n'));
      return 125;
    }
    registry.running = true;
    session.model.save();
    ctx.write(`${'3f2c9a7d1b8e'.padEnd(64, '0')}\n`);
    return 0;
  }
  if ((verb === 'stop' || verb === 'start' || verb === 'restart') && p.positional[0] === 'kind-registry') {
    registry.running = verb !== 'stop';
    session.model.save();
    ctx.write('kind-registry\n');
    return 0;
  }
  if (verb === 'ps') {
    ctx.write(`CONTAINER ID   IMAGE                  COMMAND                  STATUS         PORTS                      NAMES\n`);
    if (registry.running) ctx.write(`3f2c9a7d1b8e   registry:3             "/entrypoint.sh /etc…"   Up             127.0.0.1:5001->5000/tcp   kind-registry\n`);
    if (session.model.state.cluster) ctx.write(`8a1e5c0f4d2b   kindest/node:v1.36.1   "/usr/local/bin/entr…"   Up             127.0.0.1:6443->6443/tcp   ${session.model.state.cluster.name}-control-plane\n`);
    return 0;
  }
  if (verb === 'exec') {
    ctx.write(red('docker exec: the node is a model here, with no containerd to ask.\n') + dim('Its runtimes: kind get clusters, then kubectl describe pod shows what containerd would say.\n'));
    return 1;
  }
  ctx.write(`usage here: docker buildx build ... --provenance=false --push CONTEXT | docker push IMAGE | docker run ... registry:3 | docker stop|start kind-registry | docker ps\n`);
  return verb ? 125 : 0;
}

export function skopeo(ctx: CommandContext, args: string[], session: KubeSession): number {
  const [verb, ...rest] = args;
  const p = parseFlags(rest, VALUED);
  const ref = p.positional[0];
  if (verb !== 'inspect' || !ref) {
    ctx.write('usage: skopeo inspect [--tls-verify=false] [--raw|--config] docker://localhost:5001/word-generator:0.1.0\n');
    return verb ? 1 : 0;
  }
  const local = ref.startsWith('containers-storage:');
  if (!local && !ref.startsWith('docker://')) {
    ctx.write(red(`FATA[0000] Error parsing image name "${ref}": Invalid image name "${ref}", expected colon-separated transport:reference\n`));
    return 1;
  }
  const name = ref.replace(/^(docker:\/\/|containers-storage:)/, '');
  const r = parseReference(name);
  const registry = session.model.state.registry;
  if (!local) {
    if (r.registry !== REGISTRY) {
      ctx.write(red(`FATA[0000] Error parsing image name "${ref}": pinging container registry ${r.registry}: Get "https://${r.registry}/v2/": dial tcp: lookup ${r.registry}: no such host\n`));
      return 1;
    }
    if (!registry.running) {
      ctx.write(red(`FATA[0000] Error parsing image name "${ref}": pinging container registry ${REGISTRY}: Get "http://${REGISTRY}/v2/": dial tcp [::1]:5001: connect: connection refused\n`));
      return 1;
    }
    if (flag(p, 'tls-verify') !== 'false') {
      ctx.write(red(`FATA[0000] Error parsing image name "${ref}": pinging container registry ${REGISTRY}: Get "https://${REGISTRY}/v2/": http: server gave HTTP response to HTTPS client\n`));
      return 1;
    }
  }
  const image = (local ? session.model.state.local : registry.images)[key(name)];
  if (!image) {
    ctx.write(red(`FATA[0000] Error parsing image name "${ref}": reading manifest ${r.tag} in ${r.registry}/${r.repository}: manifest unknown\n`));
    return 1;
  }
  if (image.mediaType === MEDIA.index && !truthy(p, 'raw')) {
    // skopeo picks the instance for its own platform from an index, as a node's containerd does.
    ctx.write(red(`FATA[0000] Error parsing image name "${ref}": choosing image instance: no image found in image index for architecture "amd64", variant "", OS "linux"\n`) + dim('(an index: see it with --raw; rebuild with --provenance=false for a single manifest)\n'));
    return 1;
  }
  if (truthy(p, 'raw')) {
    ctx.write(`${image.raw}\n`);
    return 0;
  }
  if (truthy(p, 'config')) {
    ctx.write(`${JSON.stringify(image.config)}\n`);
    return 0;
  }
  const tags = Object.keys(local ? session.model.state.local : registry.images).filter((k) => k.startsWith(`${r.registry}/${r.repository}:`)).map((k) => k.slice(k.lastIndexOf(':') + 1));
  const inspect = {
    Name: `${r.registry}/${r.repository}`,
    Digest: image.digest,
    RepoTags: tags,
    Created: image.config.created,
    DockerVersion: '',
    Labels: image.config.config.Labels ?? null,
    Architecture: image.config.architecture,
    Os: image.config.os,
    Layers: image.layers.map((l) => l.digest),
    LayersData: image.layers.map((l) => ({ MIMEType: l.mediaType, Digest: l.digest, Size: l.size, Annotations: null })),
    Env: image.config.config.Env ?? null,
  };
  ctx.write(`${JSON.stringify(inspect, null, 4)}\n`);
  return 0;
}
