// Registers the service worker built by src/integrations/service-worker.ts (production builds only).
// In `astro dev` there is no sw.js, and a worker left over from a preview on the same port would serve stale
// pages, so dev unregisters it instead.
import { sitePath } from '../client/site-path.ts';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  if (!import.meta.env.PROD) {
    void navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => void r.unregister()));
    return;
  }
  // After load, so precaching never competes with the page's own first requests.
  const register = () => {
    navigator.serviceWorker.register(sitePath('/sw.js'), { scope: sitePath('/'), updateViaCache: 'none' }).catch((error: unknown) => {
      console.warn('Offline copy unavailable:', error instanceof Error ? error.message : error);
    });
  };
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
