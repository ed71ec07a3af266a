// OCI images computed in the browser from the module's bytes: a one-file layer (an uncompressed tar), the image
// config (os wasi, architecture wasm, the entrypoint) and the manifest, each addressed by its sha256 digest
// (crypto.subtle), as buildah writes them for deploy/Containerfile. docker buildx without --provenance=false adds
// an attestation and an index around it, which is what the shim later cannot use.

export const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
  inToto: 'application/vnd.in-toto+json',
} as const;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { architecture: string; os: string };
  annotations?: Record<string, string>;
}

export interface ImageConfig {
  created: string;
  architecture: string;
  os: string;
  config: { Entrypoint?: string[]; Cmd?: string[]; Env?: string[]; Labels?: Record<string, string>; WorkingDir?: string };
  rootfs: { type: 'layers'; diff_ids: string[] };
  history: { created: string; created_by: string; empty_layer?: boolean }[];
}

/** What a registry holds under a tag: one image manifest, or an index of several. */
export interface StoredImage {
  /** the digest of what the tag points at */
  digest: string;
  mediaType: string;
  /** the exact bytes served for the tag, as text (their sha256 is `digest`) */
  raw: string;
  /** the image manifest's config, for skopeo inspect and the node */
  config: ImageConfig;
  configDigest: string;
  layers: Descriptor[];
  /** the tool that built it, for messages */
  builtBy: string;
}

export async function sha256(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A POSIX ustar archive of one regular file at the root (what COPY adds as a layer). */
export function tarOneFile(name: string, content: Uint8Array, mtimeSeconds: number): Uint8Array {
  const header = new Uint8Array(512);
  const put = (text: string, at: number, width: number) => header.set(new TextEncoder().encode(text).subarray(0, width), at);
  const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0') + '\0';
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(content.length, 12), 124, 12);
  put(octal(mtimeSeconds, 12), 136, 12);
  put('        ', 148, 8); // checksum counts as spaces while it is computed
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = header.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  const padded = Math.ceil(content.length / 512) * 512;
  const out = new Uint8Array(512 + padded + 1024);
  out.set(header, 0);
  out.set(content, 512);
  return out;
}

export interface Containerfile {
  from: string;
  copies: { source: string; dest: string }[];
  entrypoint: string[] | undefined;
}

/** The few instructions deploy/Containerfile uses; anything else is named in the error. */
export function parseContainerfile(text: string): Containerfile {
  const out: Containerfile = { from: '', copies: [], entrypoint: undefined };
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  for (const line of lines) {
    const [op = '', ...rest] = line.split(/\s+/);
    const arg = line.slice(op.length).trim();
    switch (op.toUpperCase()) {
      case 'FROM':
        out.from = rest[0] ?? '';
        break;
      case 'COPY':
        out.copies.push({ source: rest[0] ?? '', dest: rest[1] ?? '' });
        break;
      case 'ENTRYPOINT':
        out.entrypoint = arg.startsWith('[') ? (JSON.parse(arg) as string[]) : ['/bin/sh', '-c', arg];
        break;
      default:
        throw new Error(`unsupported instruction in this page's builder: ${op}`);
    }
  }
  if (out.from === '') throw new Error('no FROM instruction');
  return out;
}

export interface BuildInput {
  containerfile: Containerfile;
  /** the files of the build context */
  context: ReadonlyMap<string, Uint8Array>;
  platform: { os: string; architecture: string };
  created: number;
  builtBy: string;
  /** docker buildx's default: the image wrapped in an index with a provenance attestation */
  attestation: boolean;
}

/** Builds the image; throws with the builder's message for a missing context file or a base image. */
export async function buildImage(input: BuildInput): Promise<StoredImage> {
  return (await buildImageBlobs(input)).image;
}

/** The image and every blob it is made of (digest -> bytes), e.g. to write an OCI layout. */
export async function buildImageBlobs(input: BuildInput): Promise<{ image: StoredImage; blobs: Map<string, Uint8Array> }> {
  const blobs = new Map<string, Uint8Array>();
  const text = (t: string) => new TextEncoder().encode(t);
  const { containerfile: cf } = input;
  if (cf.from !== 'scratch') throw new Error(`this page's builder builds FROM scratch only (got FROM ${cf.from}): a Wasm image needs no base`);
  const created = new Date(input.created).toISOString();
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  const history: ImageConfig['history'] = [];
  for (const copy of cf.copies) {
    const bytes = input.context.get(copy.source.replace(/^\.\//, ''));
    if (!bytes) throw new Error(`COPY ${copy.source} ${copy.dest}: no such file or directory in the build context`);
    const tar = tarOneFile(copy.dest.replace(/^\//, ''), bytes, Math.floor(input.created / 1000));
    const digest = await sha256(tar);
    layers.push({ mediaType: MEDIA.layer, digest, size: tar.length });
    blobs.set(digest, tar);
    diffIds.push(digest); // uncompressed: the diff id is the layer's own digest
    history.push({ created, created_by: `/bin/sh -c #(nop) COPY file:${(await sha256(bytes)).slice(7)} in ${copy.dest} ` });
  }
  if (cf.entrypoint) history.push({ created, created_by: `/bin/sh -c #(nop) ENTRYPOINT ${JSON.stringify(cf.entrypoint)}`, empty_layer: true });
  const config: ImageConfig = {
    created,
    architecture: input.platform.architecture,
    os: input.platform.os,
    config: { ...(cf.entrypoint ? { Entrypoint: cf.entrypoint } : {}), Labels: { 'io.buildah.version': '1.42.0' } },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history,
  };
  const configText = JSON.stringify(config);
  const configDigest = await sha256(configText);
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config: { mediaType: MEDIA.config, digest: configDigest, size: new TextEncoder().encode(configText).length },
    layers,
  };
  const manifestText = JSON.stringify(manifest);
  const manifestDigest = await sha256(manifestText);
  blobs.set(configDigest, text(configText));
  blobs.set(manifestDigest, text(manifestText));
  const image: StoredImage = { digest: manifestDigest, mediaType: MEDIA.manifest, raw: manifestText, config, configDigest, layers, builtBy: input.builtBy };
  if (!input.attestation) return { image, blobs };
  // BuildKit's provenance attestation: an in-toto statement about the image, in a manifest of its own.
  const statement = JSON.stringify({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [{ name: '_', digest: { sha256: manifestDigest.slice(7) } }],
    predicate: { builder: { id: '' }, buildType: 'https://mobyproject.org/buildkit@v1', metadata: { buildStartedOn: created, buildFinishedOn: created } },
  });
  const statementDigest = await sha256(statement);
  blobs.set(statementDigest, text(statement));
  const attConfig = JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [statementDigest] } });
  const attConfigDigest = await sha256(attConfig);
  blobs.set(attConfigDigest, text(attConfig));
  const attestation = JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config: { mediaType: MEDIA.config, digest: attConfigDigest, size: text(attConfig).length },
    layers: [{ mediaType: MEDIA.inToto, digest: statementDigest, size: text(statement).length, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } }],
  });
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA.index,
    manifests: [
      { mediaType: MEDIA.manifest, digest: manifestDigest, size: text(manifestText).length, platform: { architecture: input.platform.architecture, os: input.platform.os } },
      {
        mediaType: MEDIA.manifest,
        digest: await sha256(attestation),
        size: text(attestation).length,
        annotations: { 'vnd.docker.reference.digest': manifestDigest, 'vnd.docker.reference.type': 'attestation-manifest' },
        platform: { architecture: 'unknown', os: 'unknown' },
      },
    ],
  };
  const indexText = JSON.stringify(index);
  const indexDigest = await sha256(indexText);
  blobs.set(indexDigest, text(indexText));
  blobs.set(await sha256(attestation), text(attestation));
  return { image: { ...image, digest: indexDigest, mediaType: MEDIA.index, raw: indexText }, blobs };
}

/** `localhost:5001/word-generator:0.1.0` -> its parts; a missing tag is `latest`, as every tool assumes. */
export function parseReference(ref: string): { registry: string; repository: string; tag: string } {
  const cleaned = ref.replace(/^(docker|containers-storage):\/\//, '').replace(/^docker:\/\//, '');
  const slash = cleaned.indexOf('/');
  const first = slash < 0 ? '' : cleaned.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  let rest = hasRegistry ? cleaned.slice(slash + 1) : cleaned;
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (registry === 'docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  return { registry, repository: rest, tag };
}
