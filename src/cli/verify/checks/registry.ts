import { IMAGE_PLATFORM } from '../../../steps/constants.ts';
import { describeError, httpGet } from '../http.ts';
import { fail, pass, type Check } from '../types.ts';

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
      if (root.status !== 200 && root.status !== 401) return fail(`${base}/ answered HTTP ${root.status}; is it a registry?`, 'docker start kind-registry');
    } catch (error) {
      return fail(`no registry at ${ctx.registry}: ${describeError(error)}`, 'start it: docker start kind-registry, or bash deploy/scripts/02-create-cluster.sh');
    }
    try {
      const tags = await httpGet(`${base}/${repository}/tags/list`);
      if (tags.status === 404) return fail(`${ctx.registry} has no ${repository} repository`, push);
      const list = (JSON.parse(tags.body) as { tags?: string[] | null }).tags ?? [];
      if (!list.includes(tag)) return fail(`${ctx.registry}/${repository} has tags [${list.join(', ')}] but not ${tag}`, push);

      const manifest = await httpGet(`${base}/${repository}/manifests/${tag}`, { headers: { Accept: MANIFEST_TYPES.join(', ') } });
      const parsed = JSON.parse(manifest.body) as { mediaType?: string; manifests?: unknown[]; config?: { digest: string }; layers?: { digest: string; size: number }[] };
      const type = parsed.mediaType ?? manifest.headers.get('content-type') ?? '';
      if (parsed.manifests || /index|list/.test(type)) {
        return fail(`${repository}:${tag} is an image index, not a single manifest (the shim fails: "no match for platform in manifest")`, 'rebuild with docker buildx --provenance=false, or with buildah/podman, and push again');
      }
      if (!parsed.config) return fail(`${repository}:${tag}: unreadable manifest (${type})`, push);
      const config = JSON.parse((await httpGet(`${base}/${repository}/blobs/${parsed.config.digest}`)).body) as { os?: string; architecture?: string };
      if (`${config.os}/${config.architecture}` !== IMAGE_PLATFORM) {
        return fail(`${repository}:${tag} in the registry is ${config.os}/${config.architecture}, not ${IMAGE_PLATFORM}`, `rebuild with --platform ${IMAGE_PLATFORM} and push again`);
      }
      const layers = parsed.layers ?? [];
      const size = layers.reduce((sum, l) => sum + l.size, 0);
      return pass(`${ctx.registry}/${repository}:${tag}: ${IMAGE_PLATFORM}, ${layers.length} layer${layers.length === 1 ? '' : 's'} (${Math.round(size / 1024)} KB)`);
    } catch (error) {
      return fail(`reading ${repository}:${tag} from ${ctx.registry} failed: ${describeError(error)}`, push);
    }
  },
};
