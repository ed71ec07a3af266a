import { describe, expect, it } from 'vitest';
import { agendaRows, rowAt, parseClock, totalMinutes } from '../../../src/workshop/agenda.ts';
import { readCourse } from '../../../src/workshop/course.ts';
import { decodeReadiness, encodeReadiness } from '../../../src/workshop/readiness/code.ts';
import { containerEngineCheck, isReady, kindCheck, nodeCheck, rustTargetCheck } from '../../../src/workshop/readiness/checks.ts';
import { csvCell } from '../../../src/workshop/room.ts';
import type { RunResult, VerifyContext } from '../../../src/cli/verify/types.ts';
import { fileURLToPath } from 'node:url';

const course = readCourse(fileURLToPath(new URL('../../../content/lessons/', import.meta.url)));

describe('agenda tracks', () => {
  it('reads the course as the site does', () => {
    const run = course.find((l) => l.id === 'run-and-curl');
    expect(run?.steps).toContain('page-start-server');
    expect(course.map((l) => l.order)).toEqual([...course.map((l) => l.order)].sort((a, b) => a - b));
  });

  it('fits each track in its time, with the deck, breaks and questions as rows', () => {
    const browser = agendaRows('browser', course);
    expect(totalMinutes(browser)).toBe(120);
    expect(browser.map((r) => r.kind)).toEqual(['deck', 'lesson', 'lesson', 'lesson', 'break', 'lesson', 'qa']);
    expect(totalMinutes(agendaRows('half-day', course))).toBe(180);
    const day = agendaRows('day', course);
    expect(day.filter((r) => r.kind === 'lesson')).toHaveLength(course.length);
    expect(day.some((r) => r.kind === 'lunch')).toBe(true);
  });

  it('says which row the room should be on at a clock time', () => {
    const rows = agendaRows('browser', course);
    const start = parseClock('09:00', new Date(2026, 0, 5)) ?? 0;
    expect(rowAt(rows, start, start - 60_000)).toEqual({ index: 0, state: 'before' });
    expect(rowAt(rows, start, start + 25 * 60_000)).toEqual({ index: 1, state: 'during' });
    expect(rowAt(rows, start, start + 500 * 60_000).state).toBe('after');
    expect(parseClock('25:00')).toBeUndefined();
  });
});

describe('readiness', () => {
  const ctx = (answers: Record<string, Partial<RunResult>>): VerifyContext =>
    ({
      run: async (command: string, args: readonly string[]) => ({ code: 0, stdout: '', stderr: '', missing: false, ...(answers[`${command} ${args[0]}`] ?? { missing: true, code: null }) }),
    }) as unknown as VerifyContext;

  it('passes an engine that runs and fails an installed one that does not, with a fix', async () => {
    expect((await containerEngineCheck.run(ctx({ 'podman --version': { stdout: 'podman version 5.4.0' }, 'podman info': { stdout: '5.4.0' } }))).ok).toBe(true);
    const down = await containerEngineCheck.run(ctx({ 'docker --version': { stdout: 'Docker version 28.2.2' }, 'docker info': { code: 1, stderr: 'Cannot connect' } }));
    expect(down).toMatchObject({ ok: false });
    expect(down.fix).toMatch(/start the engine/);
    expect((await kindCheck.run(ctx({}))).fix).toMatch(/kind\.sigs\.k8s\.io/);
    expect((await rustTargetCheck.run(ctx({ 'rustup target': { stdout: 'wasm32-wasip1\nx86_64-unknown-linux-gnu\n' } }))).ok).toBe(true);
    expect((await nodeCheck('22.12.0').run(ctx({}))).ok).toBe(false);
    expect((await nodeCheck('22.13.0').run(ctx({}))).ok).toBe(true);
  });

  it('carries the result in a code and back, the Rust target optional', () => {
    const results = [
      { id: 'node', status: 'pass' as const },
      { id: 'container-engine', status: 'pass' as const },
      { id: 'kind', status: 'fail' as const },
      { id: 'kubectl', status: 'pass' as const },
      { id: 'registry-port', status: 'pass' as const },
      { id: 'rust-target', status: 'fail' as const },
    ];
    const code = encodeReadiness(results);
    expect(code).toBe('CR1.ppfppf');
    expect(decodeReadiness(code)).toEqual(results);
    expect(decodeReadiness('CR1.<script>')).toBeUndefined();
    expect(isReady(results)).toBe(false);
    expect(isReady(results.map((r) => (r.id === 'kind' ? { ...r, status: 'pass' as const } : r)))).toBe(true);
  });
});

describe('exports', () => {
  it('never lets a nickname become a spreadsheet formula or break a row', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('Ada')).toBe('Ada');
  });
});
