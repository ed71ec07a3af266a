import { describe, expect, test } from 'vitest';
import { parseLineSteps, stepsByLine } from '../../../src/deck/line-steps.ts';

describe('code walk-through steps', () => {
  test('reads reveal.js-style steps: ranges, single lines and lists', () => {
    expect(parseLineSteps('1-2|3|4-6', 6)).toEqual([[1, 2], [3], [4, 5, 6]]);
    expect(parseLineSteps('1,3-4 | 2', 4)).toEqual([[1, 3, 4], [2]]);
  });

  test('tells each line in which steps it is in focus', () => {
    expect(stepsByLine(parseLineSteps('1-2|2|3', 4), 4)).toEqual([[1], [1, 2], [3], []]);
  });

  test('a typo fails the build with a message that names the problem', () => {
    expect(() => parseLineSteps('1-2||3', 5)).toThrow(/step 2 is empty/);
    expect(() => parseLineSteps('1-9', 5)).toThrow(/outside lines 1-5/);
    expect(() => parseLineSteps('3-1', 5)).toThrow(/outside lines 1-5/);
    expect(() => parseLineSteps('two', 5)).toThrow(/"two" is not a line or a range/);
  });
});
