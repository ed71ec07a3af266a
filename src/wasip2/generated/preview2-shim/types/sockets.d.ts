export type * as instanceNetwork from './interfaces/wasi-sockets-instance-network.d.ts';
export type * as ipNameLookup from './interfaces/wasi-sockets-ip-name-lookup.d.ts';
export type * as network from './interfaces/wasi-sockets-network.d.ts';
export type * as tcpCreateSocket from './interfaces/wasi-sockets-tcp-create-socket.d.ts';
export type * as tcp from './interfaces/wasi-sockets-tcp.d.ts';
export type * as udpCreateSocket from './interfaces/wasi-sockets-udp-create-socket.d.ts';
export type * as udp from './interfaces/wasi-sockets-udp.d.ts';
