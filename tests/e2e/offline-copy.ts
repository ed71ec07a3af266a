// Runs in the page: whether the service worker says its offline copy of this version is complete.
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
