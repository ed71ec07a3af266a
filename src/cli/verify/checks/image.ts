import { IMAGE_PLATFORM } from '../../../steps/constants.ts';
import { SERVER_MODULE } from '../../../course/facts.ts';
import { classicImageStore } from '../../../steps/failure-modes.ts';
import { describeError, httpGet } from '../http.ts';
import { repositoryAndTag } from './registry.ts';
import { fail, failWith, pass, type Check, type CheckOutcome, type VerifyContext } from '../types.ts';

// Which local image store holds the image, and for what platform. Only reads: `inspect` of each tool.

interface Found {
  tool: string;
  os: string;
  architecture: string;
  entrypoint: readonly string[];
}

type Probe = { found: Found } | { absent: string } | { missing: true };

function fromJson(tool: string, stdout: string): Found | undefined {
  try {
    const data: unknown = JSON.parse(stdout);
    // buildah: { OCIv1: { os, architecture, config: { Entrypoint } } }; podman and docker: [{ Os, Architecture, Config: { Entrypoint } }]
    const one = (Array.isArray(data) ? data[0] : data) as Record<string, any> | undefined;
    if (!one) return undefined;
    if (one['OCIv1']) {
      const oci = one['OCIv1'];
      return { tool, os: String(oci.os ?? ''), architecture: String(oci.architecture ?? ''), entrypoint: oci.config?.Entrypoint ?? [] };
    }
    return { tool, os: String(one['Os'] ?? ''), architecture: String(one['Architecture'] ?? ''), entrypoint: one['Config']?.Entrypoint ?? [] };
  } catch {
    return undefined;
  }
}

async function probe(ctx: VerifyContext, tool: string, args: readonly string[]): Promise<Probe> {
  const result = await ctx.run(tool, args);
  if (result.missing) return { missing: true };
  if (result.code !== 0) {
    const said = result.stderr.trim().split('\n').pop() ?? '';
    return { absent: `${tool}: ${/not known|no such image|not found|unknown/i.test(said) ? 'no such image' : said || `exit ${result.code}`}` };
  }
  const found = fromJson(tool, result.stdout);
  return found ? { found } : { absent: `${tool}: unreadable inspect output` };
}

export const imageBuilt: Check = {
  id: 'image-built',
  title: 'Image built for wasi/wasm',
  async run(ctx) {
    const probes: [string, string[]][] = [
      ['buildah', ['inspect', '--type', 'image', ctx.image]],
      ['podman', ['image', 'inspect', ctx.image]],
      ['docker', ['image', 'inspect', ctx.image]],
    ];
    const notes: string[] = [];
    let anyTool = false;
    let dockerSeen = false;
    for (const [tool, args] of probes) {
      const p = await probe(ctx, tool, args);
      if ('missing' in p) continue;
      anyTool = true;
      if (tool === 'docker') dockerSeen = true;
      if ('absent' in p) {
        notes.push(p.absent);
        continue;
      }
      const { os, architecture, entrypoint } = p.found;
      const build = `${tool} build --platform ${IMAGE_PLATFORM} -f deploy/Containerfile -t ${ctx.image} <folder with ${SERVER_MODULE}>`;
      if (`${os}/${architecture}` !== IMAGE_PLATFORM) {
        return fail(`${tool} has ${ctx.image} for ${os}/${architecture}, not ${IMAGE_PLATFORM}`, `rebuild with --platform ${IMAGE_PLATFORM}: ${build}`);
      }
      const first = entrypoint[0] ?? '';
      if (!first.startsWith('/') || !first.endsWith('.wasm')) {
        return fail(`${tool}: the entrypoint is ${JSON.stringify(entrypoint)}, not the absolute path of the .wasm file (the shim says "executor can't handle spec")`, `rebuild from deploy/Containerfile: ${build}`);
      }
      return pass(`${tool} has ${ctx.image}: ${os}/${architecture}, entrypoint ${first}`);
    }
    if (dockerSeen) {
      const classic = await dockerClassicStore(ctx);
      if (classic) return classic;
    }
    if (!anyTool) return fail('no buildah, podman or docker on PATH', 'install buildah (https://buildah.io), podman or Docker with buildx, then build the image');
    return fail(`${ctx.image} not found (${notes.join('; ')})`, `bash deploy/scripts/03-build-image.sh (or: buildah build --platform ${IMAGE_PLATFORM} -f deploy/Containerfile -t ${ctx.image} wasm/target/wasm32-wasip1/release)`);
  },
};

/**
 * Docker's classic image store cannot hold a wasi/wasm image ("cannot load wasi image on linux"), so with it the
 * image exists only where a docker-container builder pushed it: the registry. Reads `docker info` and, when the
 * store is the classic one, looks for the image in the registry instead.
 */
async function dockerClassicStore(ctx: VerifyContext): Promise<CheckOutcome | undefined> {
  const info = await ctx.run('docker', ['info', '--format', '{{json .DriverStatus}}']);
  if (info.code !== 0) return undefined;
  if (/io\.containerd\.snapshotter/.test(info.stdout)) return undefined;
  const { repository, tag } = repositoryAndTag(ctx.image);
  try {
    const answer = await httpGet(`http://${ctx.registry}/v2/${repository}/manifests/${tag}`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    if (answer.status === 200) return pass(`Docker uses the classic image store, which cannot hold a ${IMAGE_PLATFORM} image; the builder pushed it straight to ${ctx.registry}, where it is`);
  } catch (error) {
    return failWith(classicImageStore, `Docker uses the classic image store, and ${ctx.registry} does not answer (${describeError(error)})`);
  }
  return failWith(classicImageStore, `Docker uses the classic image store, which cannot hold a ${IMAGE_PLATFORM} image, and ${ctx.registry} has no ${repository}:${tag}`);
}
