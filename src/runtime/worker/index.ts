// The page-side API for running guests in a Worker.
export {
  startServerInWorker, runCommandInWorker, RunawayError, WorkerGuestError, defaultWorker,
  type WorkerServerHandle, type WorkerServerStartOptions, type WorkerCommandRunOptions, type WorkerLike, type WorkerSource,
} from './worker-client.ts';
