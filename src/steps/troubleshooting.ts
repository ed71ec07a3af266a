import type { Troubleshooting } from './schema.ts';
import * as modes from './failure-modes.ts';
import type { FailureMode } from './failure-modes.ts';

// The failures learners hit, as the steps' troubleshooting entries. The words live once, in failure-modes.ts;
// this file only gives each the shape a step lists.

const entry = (mode: FailureMode): Troubleshooting => ({ symptom: mode.symptom, fix: mode.fix });

export const noRuntimeConfigured = entry(modes.noRuntimeConfigured);
export const execFormatError = entry(modes.execFormatError);
export const executorCantHandleSpec = entry(modes.executorCantHandleSpec);
export const noMatchForPlatform = entry(modes.noMatchForPlatform);
export const kindLoadSnapshot = entry(modes.kindLoadSnapshot);
export const sockOpenOnWasmtime = entry(modes.sockOpenOnWasmtime);
export const crashLoopEmptyLogs = entry(modes.crashLoopEmptyLogs);
export const externalIpPending = entry(modes.externalIpPending);
export const podmanOnly = entry(modes.podmanOnly);
export const classicImageStore = entry(modes.classicImageStore);
export const podmanMachineLocalhost = entry(modes.podmanMachineLocalhost);
export const registryStopped = entry(modes.registryStopped);

export const wrongContext: Troubleshooting = {
  symptom: 'kubectl talks to another cluster, or says: connection refused',
  fix: modes.wrongContextFix,
};
