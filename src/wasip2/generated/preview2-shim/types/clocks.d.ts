export type * as monotonicClock from './interfaces/wasi-clocks-monotonic-clock.d.ts';
export type * as wallClock from './interfaces/wasi-clocks-wall-clock.d.ts';
