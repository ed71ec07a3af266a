// The browser Worker that hosts one guest. Bundled by Vite from
// `new Worker(new URL('./guest.worker.ts', import.meta.url), { type: 'module' })` in channel.ts.
import { serveGuests, type GuestScope } from './worker-entry.ts';

serveGuests(globalThis as unknown as GuestScope);
