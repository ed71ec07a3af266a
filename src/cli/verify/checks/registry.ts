import { IMAGE_PLATFORM, REGISTRY_CONTAINER } from '../../../steps/constants.ts';
import { noMatchForPlatform, podmanMachineLocalhost, registryStopped } from '../../../steps/failure-modes.ts';
import { said } from '../answers.ts';
import { engineOf, engineRun } from '../engine-name.ts';
import { describeError, httpGet } from '../http.ts';
import { fail, failWith, pass, type Check, type CheckOutcome, type VerifyContext } from '../types.ts';

/** A registry answer's JSON body; a body that is not JSON is an error in words, not a parser's message. */
function body<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} is not JSON (it began: ${JSON.stringify(text.trim().slice(0, 60))})`);
  }
}

/** Why nothing answers at the registry address: the registry container exists but is stopped, or is absent. */
async function whyNoRegistry(ctx: VerifyContext, reason: string): Promise<CheckOutcome> {
  const engine = engineOf(ctx);
  const state = await engineRun(ctx, ['inspect', '-f', '{{.State.Running}}', REGISTRY_CONTAINER]);
  if (state.code === 0 && state.stdout.trim() === 'false') return failWith(registryStopped, `no registry at ${ctx.registry} (${reason}): the container ${REGISTRY_CONTAINER} exists but is stopped`);
  if (state.code !== 0 && /no such (object|container)/i.test(state.stderr)) return fail(`no registry at ${ctx.registry} (${reason}); ${engine} knows no container ${REGISTRY_CONTAINER}`, 'bash deploy/scripts/02-create-cluster.sh (it starts the registry)');
  return fail(`no registry at ${ctx.registry}: ${reason}`, `start it: ${engine} start ${REGISTRY_CONTAINER}, or bash deploy/scripts/02-create-cluster.sh`);
}

/**
 * On a Mac with a podman machine, \`podman push\` runs inside the machine's VM: the registry must answer there too.
 * Asks the VM once; a refused connection there is the podman-machine failure.
 */
export async function machineReachesRegistry(ctx: VerifyContext, platform: NodeJS.Platform = process.platform): Promise<CheckOutcome | undefined> {
  if (platform !== 'darwin' || engineOf(ctx) !== 'podman') return undefined;
  const inside = await ctx.run('podman', ['machine', 'ssh', 'curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', `http://${ctx.registry}/v2/`]);
  if (inside.missing || inside.code === 0) return undefined;
  const text = `${inside.stderr}\n${inside.stdout}`;
  if (podmanMachineLocalhost.patterns.some((p) => p.test(text)) || /Failed to connect|Connection refused/i.test(text)) {
    return failWith(podmanMachineLocalhost, `the Mac reaches ${ctx.registry}, the podman machine does not: ${said(inside)}`);
  }
  return undefined;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

/** `localhost:5001/word-generator:0.1.0` -> `word-generator`, `0.1.0` (the registry part is --registry). */
export function repositoryAndTag(image: string): { repository: string; tag: string } {
  const withoutHost = image.includes('/') && /[.:]|^localhost$/.test(image.split('/')[0] ?? '') ? image.slice(image.indexOf('/') + 1) : image;
  const colon = withoutHost.lastIndexOf(':');
  return colon > 0 ? { repository: withoutHost.slice(0, colon), tag: withoutHost.slice(colon + 1) } : { repository: withoutHost, tag: 'latest' };
}

export const registryHasImage: Check = {
  id: 'registry-has-image',
  title: 'Registry reachable and holding the image',
  async run(ctx) {
    const base = `http://${ctx.registry}/v2`;
    const { repository, tag } = repositoryAndTag(ctx.image);
    const push = `buildah push --tls-verify=false ${ctx.image} (or: bash deploy/scripts/03-build-image.sh)`;
    try {
      const root = await httpGet(`${base}/`);
      if (root.status !== 200 && root.status !== 401) return fail(`${base}/ answered HTTP ${root.status}; is it a registry?`, `something else listens on ${ctx.registry}; stop it, then bash deploy/scripts/02-create-cluster.sh`);
    } catch (error) {
      return whyNoRegistry(ctx, describeError(error));
    }
    try {
      const tags = await httpGet(`${base}/${repository}/tags/list`);
      if (tags.status === 404) return fail(`${ctx.registry} has no ${repository} repository`, push);
      const list = body<{ tags?: string[] | null }>(tags.body, `the tag list of ${repository}`).tags ?? [];
      if (!list.includes(tag)) return fail(`${ctx.registry}/${repository} has tags [${list.join(', ')}] but not ${tag}`, push);

      const manifest = await httpGet(`${base}/${repository}/manifests/${tag}`, { headers: { Accept: MANIFEST_TYPES.join(', ') } });
      const parsed = body<{ mediaType?: string; manifests?: unknown[]; config?: { digest: string }; layers?: { digest: string; size: number }[] }>(manifest.body, `the manifest of ${repository}:${tag}`);
      const type = parsed.mediaType ?? manifest.headers.get('content-type') ?? '';
      if (parsed.manifests || /index|list/.test(type)) {
        return failWith(noMatchForPlatform, `${repository}:${tag} is an image index, not a single manifest (the shim fails: "no match for platform in manifest")`);
      }
      if (!parsed.config) return fail(`${repository}:${tag}: unreadable manifest (${type})`, push);
      const config = body<{ os?: string; architecture?: string }>((await httpGet(`${base}/${repository}/blobs/${parsed.config.digest}`)).body, 'the image config');
      if (`${config.os}/${config.architecture}` !== IMAGE_PLATFORM) {
        return fail(`${repository}:${tag} in the registry is ${config.os}/${config.architecture}, not ${IMAGE_PLATFORM}`, `rebuild with --platform ${IMAGE_PLATFORM} and push again`);
      }
      const machine = await machineReachesRegistry(ctx);
      if (machine) return machine;
      const layers = parsed.layers ?? [];
      const size = layers.reduce((sum, l) => sum + l.size, 0);
      return pass(`${ctx.registry}/${repository}:${tag}: ${IMAGE_PLATFORM}, ${layers.length} layer${layers.length === 1 ? '' : 's'} (${Math.round(size / 1024)} KiB)`);
    } catch (error) {
      return fail(`reading ${repository}:${tag} from ${ctx.registry} failed: ${describeError(error)}`, push);
    }
  },
};
