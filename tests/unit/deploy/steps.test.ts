import { describe, expect, it } from 'vitest';
import { catalogs, findStep, getStep, steps, validateCatalogs } from '../../../src/steps/index.ts';
import type { StepInput } from '../../../src/steps/schema.ts';

const good: StepInput = {
  id: 'demo-step',
  title: 'A step',
  command: 'echo hi',
  where: 'machine',
  summary: 'Says hi.',
  expected: 'hi',
  hint: 'Nothing to it.',
  troubleshooting: [],
};

describe('guided step catalogs', () => {
  it('load in learning order, each step with a command, where it runs and a way to recover', () => {
    const order = ['build', 'run', 'image', 'cluster', 'deploy'];
    expect(Object.keys(catalogs).filter((name) => order.includes(name))).toEqual(order);
    expect(catalogs['build']?.[0]?.id).toBe('rust-target');
    expect(catalogs['deploy']?.at(-1)?.id).toBe('teardown');
    for (const name of order) {
      for (const step of catalogs[name] ?? []) {
        expect(['machine', 'cluster']).toContain(step.where);
        if (step.id !== 'teardown') expect(step.check, step.id).toBeDefined();
      }
    }
    expect(steps.length).toBeGreaterThanOrEqual(16);
  });

  it('troubleshooting quotes the failures learners hit with a shim', () => {
    const symptoms = steps.flatMap((s) => s.troubleshooting.map((t) => t.symptom)).join('\n');
    for (const text of ['no runtime for "wasmedge" is configured', 'exec format error', "executor can't handle spec", 'no match for platform in manifest', 'sock_open', 'CrashLoopBackOff', '<pending>', 'parent snapshot']) {
      expect(symptoms).toContain(text);
    }
  });

  it('teaches the current target name, not the removed one', () => {
    expect(getStep('rust-target').command).toBe('rustup target add wasm32-wasip1');
    expect(getStep('build-module').command).toContain('cargo build --target wasm32-wasip1 --release');
  });

  it('finds a step by id, and names the known ids for an unknown one', () => {
    expect(findStep('deploy-apply')?.check).toBe('deployment-ready');
    expect(findStep('nope')).toBeUndefined();
    expect(() => getStep('nope')).toThrow(/No guided step "nope". Known steps: .*rust-target, build-module/);
  });

  it('rejects a bad step at load, naming the catalog, the step and the field', () => {
    expect(() => validateCatalogs({ extra: [{ ...good, where: 'laptop' as 'machine' }] })).toThrow(/extra step "demo-step": where:/);
    expect(() => validateCatalogs({ extra: [{ ...good, id: 'Not Kebab' }] })).toThrow(/id: a step id is kebab-case/);
    expect(() => validateCatalogs({ extra: [{ ...good, surprise: 1 } as StepInput] })).toThrow(/extra step "demo-step"/);
    expect(() => validateCatalogs({ extra: [{ ...good, script: 'scripts/x.sh' }] })).toThrow(/script/);
  });

  it('rejects the same id twice across catalogs', () => {
    expect(() => validateCatalogs({ a: [good], b: [good] })).toThrow('b step "demo-step": the id is already used in a');
  });
});
