/** @module Interface wasi:clocks/wall-clock@0.2.12 **/
export interface Datetime {
  seconds: bigint,
  nanoseconds: number,
}
