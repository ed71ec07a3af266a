// Which container engine runs the kind nodes: Docker, or Podman with kind's KIND_EXPERIMENTAL_PROVIDER=podman.
// verify reaches the node with `<engine> exec`, so it must use the same one the scripts chose.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { RunResult, VerifyContext } from './types.ts';

export type Engine = 'docker' | 'podman';

/** True when `name` is an executable file in one of PATH's folders. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** The engine the deploy scripts would pick: the provider kind is told to use, else Docker when present, else Podman. */
export function detectEngine(env: NodeJS.ProcessEnv = process.env): Engine {
  if (env['KIND_EXPERIMENTAL_PROVIDER'] === 'podman') return 'podman';
  if (env['KIND_EXPERIMENTAL_PROVIDER'] === 'docker' || onPath('docker', env)) return 'docker';
  return onPath('podman', env) ? 'podman' : 'docker';
}

export const engineOf = (ctx: VerifyContext): Engine => ctx.engine ?? 'docker';

const DOCKER_AWAY = /Cannot connect to the Docker daemon|Is the docker daemon running/i;

/**
 * Runs `<engine> ARGS` for the node or the registry container. When the engine is Docker but its daemon does not
 * answer and Podman is installed, the scripts will have used Podman: ask Podman instead.
 */
export async function engineRun(ctx: VerifyContext, args: readonly string[]): Promise<RunResult> {
  const engine = engineOf(ctx);
  const result = await ctx.run(engine, args);
  if (engine === 'docker' && result.code !== 0 && DOCKER_AWAY.test(result.stderr) && onPath('podman')) return ctx.run('podman', args);
  return result;
}
