import type { ServerMode } from '../runtime/index.ts';

// How the page's guests block: `?runtime=per-request` (or `jspi`) in the page's URL forces a mode, so the
// fallback for engines without JSPI can be tried, and tested, in any browser. Anything else: 'auto'.

/** The modes `?runtime=` can force. */
export const FORCED_MODES: readonly ServerMode[] = ['per-request', 'jspi'];

export function pageRuntimeMode(search: string = globalThis.location?.search ?? ''): ServerMode {
  const asked = new URLSearchParams(search).get('runtime') as ServerMode | null;
  return asked !== null && FORCED_MODES.includes(asked) ? asked : 'auto';
}
