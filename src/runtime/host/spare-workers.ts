// A Worker started before it is needed: loading and evaluating a Worker's script is most of the time a guest takes
// to start, so a page that knows a guest is coming (the in-page cluster, whose pods each get a Worker) keeps one
// spare, already loaded, and hands it out the moment a guest starts; the next spare starts loading behind it.
import { defaultWorker, type WorkerLike } from './channel.ts';

export interface SpareWorkers {
  /** The spare if it is healthy (else a fresh Worker); a new spare starts loading behind it. Pass as `createWorker`. */
  take(): WorkerLike;
  /** Starts loading a spare now, if none is. */
  warm(): void;
  /** Ends the spare (the page no longer needs one). */
  dispose(): void;
}

export function spareWorkers(create: () => WorkerLike = defaultWorker): SpareWorkers {
  let spare: { worker: WorkerLike; failed: boolean } | undefined;
  const warm = () => {
    if (spare) return;
    const s = { worker: create(), failed: false };
    // A spare whose script failed to load (offline, say) is never handed out: its error came before anyone listened.
    s.worker.addEventListener('error', () => (s.failed = true));
    spare = s;
  };
  return {
    take() {
      const s = spare;
      spare = undefined;
      // The next one loads while this one starts its guest, in a later task so it never delays this start.
      setTimeout(warm, 0);
      if (s && !s.failed) return s.worker;
      s?.worker.terminate();
      return create();
    },
    warm,
    dispose() {
      spare?.worker.terminate();
      spare = undefined;
    },
  };
}
