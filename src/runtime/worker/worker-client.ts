// The page side of the guest Worker, in one import (the same exports as ./index.ts).
export * from './index.ts';
