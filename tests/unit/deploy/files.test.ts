import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateFile } from '../../../deploy/test/validate-manifests.ts';
import { untar } from '../../../deploy/test/check-oci-image.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('validate-manifests', () => {
  it('accepts every manifest in deploy/', () => {
    for (const file of ['deploy/k8s/deployment.yaml', 'deploy/k8s/service.yaml', 'deploy/k8s/runtimeclass.yaml', 'deploy/kind/local-registry-hosting.yaml']) {
      expect(validateFile(join(root, file)).failures, file).toBe(0);
    }
  });

  it('rejects a wrong type, a missing field and an unknown kind, one line each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'containerless-manifests-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(
        file,
        [
          'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: wasmedge',
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: "8080"',
          'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w',
        ].join('\n---\n'),
      );
      const result = validateFile(file);
      expect(result.failures).toBe(3);
      expect(result.lines[0]).toContain('must have required property handler');
      expect(result.lines[1]).toContain('port must be integer');
      expect(result.lines[2]).toContain('no schema for example.com/v1 Widget');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('check-oci-image: reading a layer', () => {
  it('lists the regular files of a tar made by tar(1), without ./ and directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'containerless-tar-'));
    try {
      mkdirSync(join(dir, 'in/sub'), { recursive: true });
      writeFileSync(join(dir, 'in/word_generator.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
      writeFileSync(join(dir, 'in/sub/extra.txt'), 'x'.repeat(700));
      execFileSync('tar', ['-cf', join(dir, 'layer.tar'), '-C', join(dir, 'in'), '.']);
      const files = untar(execFileSync('cat', [join(dir, 'layer.tar')]));
      expect([...files.keys()].sort()).toEqual(['sub/extra.txt', 'word_generator.wasm']);
      expect(files.get('sub/extra.txt')?.length).toBe(700);
      expect(files.get('word_generator.wasm')?.subarray(0, 4).toString('latin1')).toBe('\0asm');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
