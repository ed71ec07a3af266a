/**
 * Parses reveal.js-style line steps, `"1-2|3|4-6"`: each `|` is one step of the walk-through, each step a list of
 * lines or ranges (`"1,3-4"`). Lines count from 1. A typo fails the build with the deck's own words, not a blank slide.
 */
export function parseLineSteps(spec: string, lineCount: number): number[][] {
  const steps = spec.split('|').map((step) => step.trim());
  return steps.map((step, index) => {
    if (step === '') throw new Error(`line steps "${spec}": step ${index + 1} is empty`);
    const lines = new Set<number>();
    for (const part of step.split(',')) {
      const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
      if (!match) throw new Error(`line steps "${spec}": "${part}" is not a line or a range like 4-6`);
      const from = Number(match[1]);
      const to = match[2] === undefined ? from : Number(match[2]);
      if (from < 1 || to < from || to > lineCount) {
        throw new Error(`line steps "${spec}": ${part.trim()} is outside lines 1-${lineCount}`);
      }
      for (let line = from; line <= to; line++) lines.add(line);
    }
    return [...lines].sort((a, b) => a - b);
  });
}

/** For each line (1-based), the steps (1-based) that put it in focus: what the page writes into `data-steps`. */
export function stepsByLine(steps: number[][], lineCount: number): number[][] {
  const byLine: number[][] = Array.from({ length: lineCount }, () => []);
  steps.forEach((lines, step) => {
    for (const line of lines) byLine[line - 1]?.push(step + 1);
  });
  return byLine;
}
