export type * as insecureSeed from './interfaces/wasi-random-insecure-seed.d.ts';
export type * as insecure from './interfaces/wasi-random-insecure.d.ts';
export type * as random from './interfaces/wasi-random-random.d.ts';
