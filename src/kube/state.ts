// The model's saved state: the builder's local images, the registry, and the cluster (its node's runtimes and
// its API objects). Plain JSON, versioned like the progress store, so a reload finds the same cluster.
import type { KubeEvent } from './events.ts';
import type { KubeObject } from './objects.ts';
import type { StoredImage } from './oci.ts';

export const STATE_VERSION = 1;
export const STORAGE_KEY = 'containerless:kube';
/** Where the page remembers the steps rehearsed in it (apart from progress: a rehearsal is not the real check). */
export const REHEARSED_KEY = 'containerless:kube:rehearsed';

export interface ClusterData {
  name: string;
  created: number;
  /** containerd runtime name -> shim, from the kind config's containerdConfigPatches */
  runtimes: Record<string, string>;
  /** images the node has pulled: reference -> digest */
  nodeImages: Record<string, string>;
  objects: KubeObject[];
  events: KubeEvent[];
  /** last octet handed out for pod IPs (10.244.0.x) and service IPs (10.96.x.x) */
  nextPodIp: number;
  nextServiceIp: number;
}

export interface ModelState {
  version: number;
  /** images built here and not pushed yet (buildah's/podman's local storage): reference -> image */
  local: Record<string, StoredImage>;
  registry: { running: boolean; images: Record<string, StoredImage> };
  cluster: ClusterData | undefined;
}

export const emptyState = (): ModelState => ({ version: STATE_VERSION, local: {}, registry: { running: false, images: {} }, cluster: undefined });

/** Saved text -> state; anything unreadable or of another version starts afresh and says why. */
export function loadState(text: string | null): { state: ModelState; problem?: string } {
  if (text === null) return { state: emptyState() };
  try {
    const data = JSON.parse(text) as ModelState;
    if (data?.version !== STATE_VERSION || typeof data.registry !== 'object' || typeof data.local !== 'object') {
      return { state: emptyState(), problem: `the saved cluster is from another version of this page (${String(data?.version)}); starting afresh` };
    }
    return { state: data };
  } catch {
    return { state: emptyState(), problem: 'the saved cluster could not be read; starting afresh' };
  }
}
