// Each guided step says when it was last checked and against which tool versions, and all of them take it from the
// one table in src/steps/checked.ts.
import { describe, expect, it } from 'vitest';
import { checkedByCatalog } from '../../../src/steps/checked.ts';
import { catalogs, steps } from '../../../src/steps/index.ts';
import { failureModes } from '../../../src/steps/failure-modes.ts';

describe('last checked', () => {
  it('every step carries the date and versions of its catalog, from the one table', () => {
    for (const [name, list] of Object.entries(catalogs)) {
      const expected = checkedByCatalog[name];
      expect(expected, `no entry for catalog ${name}`).toBeDefined();
      for (const step of list) expect(step.checked, step.id).toEqual(expected);
    }
    expect(steps.every((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.checked?.on ?? ''))).toBe(true);
  });

  it('the cluster steps name the kind and shim versions the deploy files use', () => {
    const cluster = checkedByCatalog['cluster']?.against.join(' ') ?? '';
    expect(cluster).toContain('kind v0.32');
    expect(cluster).toContain('v0.6.0');
  });
});

describe('failure modes in the steps', () => {
  it('every failure mode is listed under some step, with the same words verify prints', () => {
    const entries = steps.flatMap((s) => s.troubleshooting);
    for (const mode of failureModes) expect(entries.some((t) => t.symptom === mode.symptom && t.fix === mode.fix), mode.id).toBe(true);
  });
});

describe('deploy/rcm/shim-wasmedge.yaml', () => {
  it("is a runtime-class-manager Shim for the same shim release and RuntimeClass the kind path uses", async () => {
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const names = await import('../../../src/steps/constants.ts');
    const shim = parse(readFileSync(new URL('../../../deploy/rcm/shim-wasmedge.yaml', import.meta.url), 'utf8')) as {
      apiVersion: string;
      kind: string;
      spec: { fetchStrategy: { platforms: { os: string; arch: string; location: string }[] }; runtimeClass: { name: string; handler: string }; rolloutStrategy: { type: string } };
    };
    expect(shim.apiVersion).toBe('runtime.spinkube.dev/v1alpha1');
    expect(shim.kind).toBe('Shim');
    expect(shim.spec.runtimeClass).toEqual({ name: names.RUNTIME_CLASS, handler: names.RUNTIME_CLASS });
    expect(shim.spec.fetchStrategy.platforms.map((p) => p.location)).toEqual(
      ['x86_64', 'aarch64'].map((arch) => `${names.SHIM_RELEASE_BASE}/containerd-shim-wasmedge-${arch}-linux-musl.tar.gz`),
    );
    expect(['recreate', 'rolling']).toContain(shim.spec.rolloutStrategy.type);
  });
});
