// What the service worker says about its offline copy: its version, and how much of the copy it holds. Shared by
// the offline, offline-versions, component, deck-access, journeys and subpath tests.
import type { Page } from 'playwright-core';

export interface OfflineStatus {
  version: string;
  cached: number;
  expected: number;
}

/** Runs in the page: waits for an active worker (navigator.serviceWorker.ready), then asks what its copy holds. */
export async function workerStatus(): Promise<OfflineStatus> {
  const registration = await navigator.serviceWorker.ready;
  return new Promise<OfflineStatus>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if ((event.data as { type?: string } | null)?.type !== 'status') return;
      navigator.serviceWorker.removeEventListener('message', onMessage);
      resolve(event.data as OfflineStatus);
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    registration.active?.postMessage('status');
  });
}

/** The active worker's version and how much of its copy is there. */
export const offlineStatus = (page: Page): Promise<OfflineStatus> => page.evaluate(workerStatus);

/**
 * Runs in the page (in any browser the drivers test): whether the active worker says its offline copy of its
 * version is complete. Self-contained, as a function handed to evaluate must be.
 */
export async function offlineCopyComplete(): Promise<boolean> {
  const registration = await navigator.serviceWorker.ready;
  return new Promise<boolean>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; cached?: number; expected?: number } | null;
      if (data?.type !== 'status') return;
      navigator.serviceWorker.removeEventListener('message', onMessage);
      resolve((data.expected ?? 0) > 0 && data.cached === data.expected);
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    registration.active?.postMessage('status');
  });
}
