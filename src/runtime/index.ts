// The runtime's public API: compile a WASI module once, run it as a command or serve it on a virtual
// network, talk to it over HTTP, and watch its calls.
export { compileModule, describeModule, MissingImportError, NotWasmError, type GuestModule, type ModuleSource } from './module.ts';
export { runCommand, type CommandOptions, type CommandResult } from './command.ts';
export {
  startServer, ServerStartError, type ServerHandle, type ServerOptions, type ServerMode, type ServerStatus, type LogLine, type ExitInfo,
} from './server.ts';
export { GuestTrap } from './instance.ts';
export { request, HttpError, type HttpRequestInit, type HttpResponse } from './http/client.ts';
export { VirtualNetwork, NetworkError, type SocketEnd } from './net/virtual-network.ts';
export { MemoryFileSystem, type FileMap } from './fs/memory-fs.ts';
export { File, Directory, Symlink } from './fs/nodes.ts';
export type { TraceEvent, TraceListener } from './wasi/trace.ts';
export type { StdinSource } from './wasi/stdio.ts';
export { hasJspi } from './jspi.ts';
export { errnoName } from './wasi/errno.ts';
