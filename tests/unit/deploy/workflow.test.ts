// The real-cluster workflow cannot run here (no Docker engine, no kind): this checks that it parses, runs on a hosted
// runner with Docker, calls deploy/scripts 01-05 in order with arguments that exist, runs verify on checks that
// exist, and that every shell block is valid bash.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { checkIds } from '../../../src/cli/verify/checks/index.ts';
import { MODULE_FILE } from '../../../src/steps/constants.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const file = '.github/workflows/real-cluster.yml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  if?: string;
}
const workflow = parse(readFileSync(join(root, file), 'utf8')) as { name: string; on: Record<string, unknown>; jobs: Record<string, { 'runs-on': string; steps: Step[]; 'timeout-minutes'?: number }> };
const job = Object.values(workflow.jobs)[0];
const steps = job?.steps ?? [];
const runs = steps.filter((s) => typeof s.run === 'string').map((s) => s.run ?? '');

describe(file, () => {
  it('is one job on a hosted Ubuntu runner, bounded in time, that can be started by hand', () => {
    expect(Object.keys(workflow.jobs)).toHaveLength(1);
    expect(job?.['runs-on']).toBe('ubuntu-latest');
    expect(job?.['timeout-minutes']).toBeGreaterThan(0);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    for (const s of steps) expect(Boolean(s.uses) !== Boolean(s.run), `${s.name}: exactly one of uses/run`).toBe(true);
    for (const s of steps.filter((x) => x.uses)) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });

  it('runs deploy/scripts 01 to 05 in order, each a script that exists, with arguments that exist', () => {
    const calls = runs.flatMap((r) => [...r.matchAll(/bash (deploy\/scripts\/(\d\d)-[\w-]+\.sh)([^|\n]*)/g)].map((m) => ({ path: m[1] ?? '', n: m[2] ?? '', args: (m[3] ?? '').trim() })));
    expect(calls.map((c) => c.n)).toEqual(['01', '02', '03', '04', '05']);
    for (const c of calls) expect(existsSync(join(root, c.path)), c.path).toBe(true);
    const build = calls[2];
    expect(build?.args).not.toBe('');
    expect(existsSync(join(root, build?.args ?? '', MODULE_FILE)), `03's build context holds ${MODULE_FILE}`).toBe(true);
    const builder = steps.find((s) => s.run?.includes('03-build-image.sh'))?.env?.['BUILDER'];
    expect(['docker', 'podman', 'buildah']).toContain(builder);
  });

  it('records the pod memory peak from its cgroup and runs containerless verify on checks that exist', () => {
    const all = runs.join('\n');
    expect(all).toContain('memory.peak');
    expect(all).toContain('kubectl top pod');
    const verify = /node bin\/containerless\.mjs verify ([^\n]+)/.exec(all);
    expect(verify).not.toBeNull();
    const ids = (verify?.[1] ?? '').trim().split(/\s+/);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const id of ids) expect(checkIds, id).toContain(id);
    expect(existsSync(join(root, 'bin/containerless.mjs'))).toBe(true);
  });

  it('has shell blocks that bash accepts', () => {
    for (const run of runs) {
      // GitHub expressions are not bash; none are used inside run blocks, so any would be a mistake here.
      expect(run).not.toContain('${{');
      const check = spawnSync('bash', ['-n'], { input: run, encoding: 'utf8' });
      expect(check.status, `${run}\n${check.stderr}`).toBe(0);
    }
  });
});
