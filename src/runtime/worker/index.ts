// The page-side API for running guests in a Worker.
export { RunawayError, WorkerGuestError, defaultWorker, type WorkerLike, type WorkerSource } from './channel.ts';
export { startServerInWorker, type WorkerServerHandle, type WorkerServerStartOptions } from './server-in-worker.ts';
export { runCommandInWorker, type WorkerCommandRunOptions } from './command-in-worker.ts';
export { WorkerNetwork } from './worker-network.ts';
