// The runtime's public API: compile a WASI module once, run it as a command or serve it on a virtual
// network, talk to it over HTTP, and watch its calls.
export { compileModule, describeModule, MissingImportError, NotWasmError, type GuestModule, type ModuleSource } from './guest/module.ts';
export { runCommand, type CommandOptions, type CommandResult } from './guest/command.ts';
export {
  startServer, ServerStartError, type ServerHandle, type ServerOptions, type ServerMode, type ServerStatus, type LogLine, type ExitInfo,
} from './guest/server.ts';
export { GuestTrap } from './guest/instance.ts';
export { request, HttpError, type HttpRequestInit, type HttpResponse } from './http/client.ts';
export { VirtualNetwork, NetworkError, type SocketEnd } from './devices/net/virtual-network.ts';
export { MemoryFileSystem, type FileMap } from './devices/fs/memory-fs.ts';
export { File, Directory, Symlink } from './devices/fs/nodes.ts';
export type { TraceEvent, TraceListener } from './calls/trace.ts';
export type { StdinSource } from './devices/stdio.ts';
export { hasJspi } from './calls/jspi.ts';
export { errnoName } from './abi/errno.ts';
export { DEFAULT_LIMITS, type RuntimeLimits } from './abi/limits.ts';
