import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkOciImage } from '../../../deploy/test/check-oci-image.ts';
import { deployFiles } from '../../../src/kube/files.ts';
import { buildImageBlobs, MEDIA, parseContainerfile, parseReference, sha256 } from '../../../src/kube/oci.ts';
import { moduleBytes } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function build(attestation: boolean) {
  return buildImageBlobs({
    containerfile: parseContainerfile(deployFiles.get('deploy/Containerfile')!),
    context: new Map([['word_generator.wasm', moduleBytes]]),
    platform: { os: 'wasi', architecture: 'wasm' },
    created: Date.UTC(2026, 11, 2),
    builtBy: 'buildah',
    attestation,
  });
}

/** The image as `skopeo copy ... oci:DIR:TAG` lays it out, so the project's image check and skopeo can read it. */
function layout(image: Awaited<ReturnType<typeof build>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-oci-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  for (const [digest, bytes] of image.blobs) writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const size = new TextEncoder().encode(image.image.raw).length;
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: image.image.mediaType, digest: image.image.digest, size, annotations: { 'org.opencontainers.image.ref.name': '0.1.0' } }] }));
  return dir;
}

describe('the OCI image computed in the page', () => {
  test('passes the same check CI runs on the image buildah builds (deploy/test/check-oci-image.ts)', async () => {
    const built = await build(false);
    const dir = layout(built);
    const module = join(dir, 'expected.wasm');
    writeFileSync(module, moduleBytes);
    const result = checkOciImage(dir, module);
    expect(result.lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(result.ok).toBe(true);
    // Every digest is the sha256 of the bytes it names.
    for (const [digest, bytes] of built.blobs) expect(await sha256(bytes)).toBe(digest);
    expect(built.image.config).toMatchObject({ os: 'wasi', architecture: 'wasm', config: { Entrypoint: ['/word_generator.wasm'] } });
    expect(JSON.parse(built.image.raw)).toMatchObject({ schemaVersion: 2, mediaType: MEDIA.manifest, config: { mediaType: MEDIA.config }, layers: [{ mediaType: MEDIA.layer }] });
  });

  test('real skopeo reads the layout and reports wasi/wasm and the layer digest', async (ctx) => {
    if (!existsSync('/usr/bin/skopeo')) ctx.skip(); // skopeo is in .ci/run's packages; skipped only where it is absent
    const built = await build(false);
    const dir = layout(built);
    const out = JSON.parse(execFileSync('skopeo', ['inspect', `oci:${dir}:0.1.0`], { encoding: 'utf8', timeout: 20_000 }));
    expect(out.Os).toBe('wasi');
    expect(out.Architecture).toBe('wasm');
    expect(out.Layers).toEqual(built.image.layers.map((l) => l.digest));
    expect(out.Digest).toBe(built.image.digest);
  });

  test('buildx without --provenance=false gives an index the image check rejects, as the shim does', async () => {
    const built = await build(true);
    expect(built.image.mediaType).toBe(MEDIA.index);
    const index = JSON.parse(built.image.raw);
    expect(index.manifests.map((m: { platform: { os: string } }) => m.platform.os)).toEqual(['wasi', 'unknown']);
    expect(index.manifests[1].annotations['vnd.docker.reference.type']).toBe('attestation-manifest');
    const dir = layout(built);
    writeFileSync(join(dir, 'm.wasm'), moduleBytes);
    const result = checkOciImage(dir, join(dir, 'm.wasm'));
    expect(result.ok).toBe(false);
    expect(result.lines.join('\n')).toContain('✗ a single image manifest, not an index');
  });

  test('references: a missing tag is latest; a registry is named by a dot, a colon or localhost', () => {
    expect(parseReference('localhost:5001/word-generator')).toEqual({ registry: 'localhost:5001', repository: 'word-generator', tag: 'latest' });
    expect(parseReference('docker://localhost:5001/word-generator:0.1.0')).toEqual({ registry: 'localhost:5001', repository: 'word-generator', tag: '0.1.0' });
    expect(parseReference('curlimages/curl')).toEqual({ registry: 'docker.io', repository: 'curlimages/curl', tag: 'latest' });
  });
});
