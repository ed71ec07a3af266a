export type * as incomingHandler from './interfaces/wasi-http-incoming-handler.d.ts';
export type * as outgoingHandler from './interfaces/wasi-http-outgoing-handler.d.ts';
export type * as types from './interfaces/wasi-http-types.d.ts';
