// Checks an image copied to an OCI layout (skopeo copy ... oci:DIR:TAG) against what the WasmEdge shim needs:
// one manifest for wasi/wasm, the entrypoint /word_generator.wasm, and a single layer holding exactly that file,
// byte for byte the module we expect.
// Usage: node deploy/test/check-oci-image.ts OCI_DIR EXPECTED_MODULE
// Prints one line per fact; exit code 1 when one is wrong.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Regular files in a tar archive (ustar), name -> content. */
export function untar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, length: number) => header.subarray(from, from + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = text(345, 155);
    const name = (prefix ? `${prefix}/` : '') + text(0, 100);
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1);
    if (type === '0' || type === '') files.set(name.replace(/^\.\//, ''), archive.subarray(offset + 512, offset + 512 + size));
    else if (type !== '5') files.set(`${name} (type ${type})`, Buffer.alloc(0));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

export function checkOciImage(dir: string, expectedModule: string): { lines: string[]; ok: boolean } {
  const lines: string[] = [];
  let ok = true;
  const expect = (good: boolean, text: string) => {
    lines.push(`${good ? '✓' : '✗'} ${text}`);
    ok &&= good;
    return good;
  };
  const blob = (digest: string) => readFileSync(join(dir, 'blobs', ...digest.split(':')));

  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
  const [entry] = index.manifests;
  if (!expect(index.manifests.length === 1 && entry !== undefined, `one image in the layout (found ${index.manifests.length})`) || !entry) return { lines, ok };
  const manifest = JSON.parse(blob(entry.digest).toString('utf8')) as { mediaType?: string; config?: Descriptor; layers?: Descriptor[]; manifests?: unknown[] };
  if (!expect(manifest.config !== undefined && manifest.manifests === undefined, `a single image manifest, not an index (${manifest.mediaType ?? entry.mediaType})`) || !manifest.config) return { lines, ok };

  const config = JSON.parse(blob(manifest.config.digest).toString('utf8')) as { os?: string; architecture?: string; config?: { Entrypoint?: string[] } };
  expect(config.os === 'wasi' && config.architecture === 'wasm', `platform ${config.os}/${config.architecture} (want wasi/wasm)`);
  expect(JSON.stringify(config.config?.Entrypoint) === '["/word_generator.wasm"]', `entrypoint ${JSON.stringify(config.config?.Entrypoint)} (want ["/word_generator.wasm"])`);

  const layers = manifest.layers ?? [];
  const [layer] = layers;
  if (!expect(layers.length === 1 && layer !== undefined, `one layer (found ${layers.length})`) || !layer) return { lines, ok };
  const raw = blob(layer.digest);
  expect(sha256(raw) === layer.digest.split(':')[1], `layer blob matches its digest ${layer.digest.slice(0, 19)}…`);
  const tar = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const files = untar(tar);
  const names = [...files.keys()];
  expect(names.length === 1 && names[0] === 'word_generator.wasm', `the layer holds exactly word_generator.wasm (found: ${names.join(', ') || 'nothing'})`);
  const inImage = files.get('word_generator.wasm');
  const want = sha256(readFileSync(expectedModule));
  const got = inImage ? sha256(inImage) : '(missing)';
  expect(got === want, `its sha256 ${got.slice(0, 16)}… equals ${expectedModule} (${want.slice(0, 16)}…, ${inImage?.length ?? 0} bytes)`);
  return { lines, ok };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const [dir, module] = process.argv.slice(2);
  if (!dir || !module) {
    console.error('usage: node deploy/test/check-oci-image.ts OCI_DIR EXPECTED_MODULE');
    process.exitCode = 2;
  } else {
    const result = checkOciImage(dir, module);
    for (const line of result.lines) console.log(line);
    process.exitCode = result.ok ? 0 : 1;
  }
}
