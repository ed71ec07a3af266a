import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// deploy/test/run.sh when buildah, skopeo, docker-registry and shellcheck are not installed: a skip line per tool
// on a developer machine, a failure in CI. (The full run with the tools is `npm run test:deploy` itself.)

const root = fileURLToPath(new URL('../../../', import.meta.url));
const BASICS = ['bash', 'sh', 'env', 'mktemp', 'rm', 'chmod', 'sed', 'grep', 'cat', 'dirname', 'tail', 'seq', 'sleep', 'curl', 'sha256sum', 'cut', 'kill'];

function pathWithout(): string {
  const bin = mkdtempSync(join(tmpdir(), 'containerless-bin-'));
  for (const tool of BASICS) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found.startsWith('/')) symlinkSync(found, join(bin, tool));
  }
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

function runSh(env: Record<string, string>) {
  const bin = pathWithout();
  try {
    return spawnSync(join(bin, 'bash'), [join(root, 'deploy/test/run.sh')], { env: { PATH: bin, HOME: tmpdir(), ...env }, encoding: 'utf8', timeout: 60_000 });
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe('deploy/test/run.sh without the image tools', () => {
  it('skips each missing tool by name and still validates the manifests (exit 0)', () => {
    const result = runSh({});
    expect(result.stdout).toContain('- skip: shellcheck is not installed');
    for (const tool of ['buildah', 'skopeo', 'docker-registry']) expect(result.stdout).toContain(`- skip: ${tool} is not installed`);
    expect(result.stdout).toContain('✓ manifests valid: 5 objects');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('1 passed, 0 failed');
    expect(result.status).toBe(0);
  });

  it('fails under CI, where every tool is required', () => {
    const result = runSh({ CI: 'true' });
    expect(result.stdout).toContain('✗ buildah is not installed (required in CI)');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('1 passed, 4 failed');
    expect(result.status).toBe(1);
  });
});
