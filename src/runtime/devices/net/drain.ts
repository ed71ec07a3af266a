// Reading a connection end as its bytes arrive: the loop every reader of a virtual socket end (or a RemoteEnd) needs.

/** What drainEnd reads from: a virtual socket end, or one in another thread. */
export interface ReadableEnd {
  /** up to `max` bytes; an empty array at the end of the stream; null when nothing is there yet */
  read(max: number): Uint8Array | null;
  onChange: (() => void) | undefined;
}

/** On every change of `end`, hands each chunk it has to `data`; at the end of the stream, stops and calls `done` once. */
export function drainEnd(end: ReadableEnd, data: (chunk: Uint8Array) => void, done: () => void): void {
  end.onChange = () => {
    for (;;) {
      const chunk = end.read(1 << 16);
      if (chunk === null) return;
      if (chunk.length === 0) {
        end.onChange = undefined;
        return done();
      }
      data(chunk);
    }
  };
}
