// The declarative call table: every fact about a call comes from its row, and a family that misses a call
// (or adds one the table lacks) does not compile (the @ts-expect-error lines fail `npm run check` otherwise).
import { describe, expect, it } from 'vitest';
import { CALLS, MAY_BLOCK, PARAM_NAMES, PATH_ARGS, type FamilyCalls } from '../../../src/runtime/calls/table.ts';
import { processCalls } from '../../../src/runtime/calls/calls-process.ts';
import { buildCalls } from '../../../src/runtime/calls/imports.ts';
import { E, ERRNO_NAMES } from '../../../src/runtime/abi/errno.ts';
import { direct } from './helpers/direct.ts';

describe('the call table', () => {
  it('is what the import object provides, no more and no less', () => {
    const g = direct();
    expect(Object.keys(buildCalls(g.ctx)).sort()).toEqual(Object.keys(CALLS).sort());
  });

  it('derives blocking and path facts from the rows', () => {
    expect([...MAY_BLOCK].sort()).toEqual(['fd_read', 'poll_oneoff', 'sock_accept', 'sock_recv']);
    expect(PATH_ARGS['path_rename']).toEqual([[1, 2], [4, 5]]);
    expect(PATH_ARGS['path_symlink']).toEqual([[0, 1], [3, 4]]);
    expect(PATH_ARGS['fd_write']).toEqual([]);
    expect(PARAM_NAMES['fd_read']).toEqual(['fd', 'iovs', 'iovs_len', 'nread_out']);
  });

  it('types each family from the table', () => {
    const g = direct();
    const { sched_yield: _dropped, ...rest } = processCalls(g.ctx);
    // @ts-expect-error a family without one of its calls is a compile error
    const missing: FamilyCalls<'process'> = rest;
    // @ts-expect-error a call the table does not list is a compile error
    const extra: FamilyCalls<'process'> = { ...processCalls(g.ctx), sched_nap: () => 0 };
    expect(Object.keys(missing)).not.toContain('sched_yield');
    expect(Object.keys(extra)).toContain('sched_nap');
  });

  it('names every errno', () => {
    expect(E.HOSTUNREACH).toBe(23);
    expect(E.DOM).toBe(18);
    expect(Object.keys(E)).toEqual([...ERRNO_NAMES]);
  });
});
