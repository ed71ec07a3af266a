export type * as cli from "./cli.d.ts";
export type * as clocks from './clocks.d.ts';
export type * as filesystem from './filesystem.d.ts';
export type * as http from "./http.d.ts";
export type * as random from "./random.d.ts";
export type * as sockets from "./sockets.d.ts";
