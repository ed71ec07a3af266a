// The guest host: the one API through which the terminal, the widgets, the deck and the CLI run guests.
export type { GuestHost, HostedServer, RunningServer, HostedServerOptions, HostedCommandOptions, HostedRun, CommandOutcome } from './host.ts';
export { exitStatus, EXIT_INTERRUPTED, EXIT_RUNAWAY, EXIT_TRAPPED } from './outcome.ts';
export { inProcessHost } from './in-process.ts';
export { workerHost, type WorkerHostOptions } from './worker-host.ts';
export { RunawayError, InterruptedError, RemoteError, encodeError, decodeError, type ErrorReport } from './errors.ts';
export type { WorkerLike } from './channel.ts';
export { spareWorkers, type SpareWorkers } from './spare-workers.ts';
export { parseTarget, LOCAL_HOSTS, type Target } from '../http/target.ts';
export { WorkerNetwork } from './worker-network.ts';
export type { WorkerServerHandle } from './remote-server.ts';
