// Booting a WebContainer on request, with a deadline, and starting `jsh` in it. Every way this can fail ends in a
// RealShellError whose message a learner can act on; the built-in terminal never depends on any of it.
import type { WebContainer, WebContainerProcess } from '@webcontainer/api';
import { workspaceTree, type Fetcher } from './files.ts';

export const BOOT_TIMEOUT_MS = 20_000;

export class RealShellError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RealShellError';
  }
}

export interface RealShellOptions {
  fetchFile: Fetcher;
  cols: number;
  rows: number;
  timeoutMs?: number;
  /** How the API is loaded; the page imports `@webcontainer/api` lazily so readers who never ask pay nothing. */
  loadApi?: () => Promise<typeof import('@webcontainer/api')>;
}

export interface RealShell {
  container: WebContainer;
  shell: WebContainerProcess;
}

// Only one WebContainer may boot per page, and a boot that timed out may still finish: keep it for the next try.
let booting: Promise<WebContainer> | undefined;

function deadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RealShellError(message)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function openRealShell(options: RealShellOptions): Promise<RealShell> {
  const timeoutMs = options.timeoutMs ?? BOOT_TIMEOUT_MS;
  let api: typeof import('@webcontainer/api');
  try {
    api = await (options.loadApi ?? (() => import('@webcontainer/api')))();
  } catch (error) {
    throw new RealShellError(`The WebContainer library could not be loaded (${(error as Error).message}). Reload the page to try again.`);
  }
  if (!booting) {
    booting = api.WebContainer.boot({ coep: 'credentialless', workdirName: 'containerless' });
    booting.catch(() => (booting = undefined));
  }
  let container: WebContainer;
  try {
    container = await deadline(
      booting,
      timeoutMs,
      `WebContainer did not start within ${Math.round(timeoutMs / 1000)} s. It loads from stackblitz.com: a firewall, a content blocker or ` +
        'third-party restrictions may be stopping it.',
    );
  } catch (error) {
    if (error instanceof RealShellError) throw error;
    throw new RealShellError(`WebContainer could not start: ${(error as Error).message}`);
  }
  try {
    await container.mount(await workspaceTree(options.fetchFile));
  } catch (error) {
    throw new RealShellError(`The course files could not be copied into the WebContainer: ${(error as Error).message}`);
  }
  try {
    const shell = await container.spawn('jsh', { terminal: { cols: options.cols, rows: options.rows } });
    return { container, shell };
  } catch (error) {
    throw new RealShellError(`The shell could not start in the WebContainer: ${(error as Error).message}`);
  }
}
