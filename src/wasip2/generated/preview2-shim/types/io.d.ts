export type * as error from './interfaces/wasi-io-error.d.ts';
export type * as poll from './interfaces/wasi-io-poll.d.ts';
export type * as streams from './interfaces/wasi-io-streams.d.ts';
