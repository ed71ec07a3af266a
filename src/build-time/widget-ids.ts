// Widget element ids must be unique on a page; a counter across the build keeps them unique and reproducible.
let demo = 0;
let playground = 0;
export const nextDemoId = (): number => ++demo;
export const nextPlaygroundId = (): number => ++playground;
