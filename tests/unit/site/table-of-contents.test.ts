import { describe, expect, it } from 'vitest';
import { currentSection } from '../../../src/site/table-of-contents.ts';

describe('the section "On this page" marks', () => {
  it('is the first heading while none has reached the reading line', () => {
    expect(currentSection([300, 900, 1500], 200)).toBe(0);
  });

  it('is the last heading that has scrolled past the reading line', () => {
    expect(currentSection([-800, -100, 150, 700], 200)).toBe(2);
    expect(currentSection([-800, -100, 250, 700], 200)).toBe(1);
  });

  it('counts a heading exactly on the line as reached', () => {
    expect(currentSection([-10, 200, 600], 200)).toBe(1);
  });
});
