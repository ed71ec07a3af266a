import type { Check } from '../types.ts';
import { rustTarget } from './rust.ts';
import { moduleBuilt } from './module.ts';
import { wasmedgeServes } from './wasmedge.ts';
import { imageBuilt } from './image.ts';
import { registryHasImage } from './registry.ts';
import { kindCluster, shimConfigured, shimDownloaded } from './cluster.ts';
import { deploymentReady, externalIp, runtimeClassPresent } from './kubernetes.ts';
import { serviceAnswers } from './service.ts';

/** Every check, in the order of the guided steps. */
export const allChecks: readonly Check[] = [
  rustTarget,
  moduleBuilt,
  wasmedgeServes,
  imageBuilt,
  registryHasImage,
  shimDownloaded,
  kindCluster,
  shimConfigured,
  runtimeClassPresent,
  deploymentReady,
  serviceAnswers,
  externalIp,
];

export const checkIds: readonly string[] = allChecks.map((c) => c.id);
