import type { monotonicClock as MonotonicClockNamespace, wallClock as WallClockNamespace } from "../../types/clocks.js";
export declare const monotonicClock: typeof MonotonicClockNamespace;
export declare const wallClock: typeof WallClockNamespace;
