// Whether a real shell (a StackBlitz WebContainer) can start here. It needs a cross-origin isolated page (its
// workers share memory), SharedArrayBuffer, and the network: its runtime loads from StackBlitz's servers.

export interface PageFacts {
  crossOriginIsolated: boolean;
  online: boolean;
  sharedArrayBuffer: boolean;
}

export type RealShellAvailability = { available: true } | { available: false; reason: string };

export function pageFacts(scope: typeof globalThis = globalThis): PageFacts {
  return {
    crossOriginIsolated: scope.crossOriginIsolated === true,
    online: scope.navigator?.onLine !== false,
    sharedArrayBuffer: 'SharedArrayBuffer' in scope,
  };
}

export function realShellAvailability(facts: PageFacts): RealShellAvailability {
  if (!facts.online) {
    return { available: false, reason: 'A real shell is not available offline: WebContainer loads from StackBlitz’s servers. This terminal works offline.' };
  }
  if (!facts.crossOriginIsolated) {
    return {
      available: false,
      reason: 'A real shell needs a cross-origin isolated page (COOP and COEP headers), and this host does not send them. This terminal works here.',
    };
  }
  if (!facts.sharedArrayBuffer) {
    return { available: false, reason: 'A real shell needs SharedArrayBuffer, which this browser does not offer. This terminal works here.' };
  }
  return { available: true };
}
