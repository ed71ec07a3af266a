import { fileURLToPath } from 'node:url';
import { CLUSTER_NAME, IMAGE, REGISTRY_HOST } from '../../steps/constants.ts';
import { createRunner, createStarter } from './process.ts';
import { detectEngine } from './engine-name.ts';
import type { VerifyContext } from './types.ts';

/** The project root, two folders up from src/cli/verify/. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ContextOptions {
  root?: string;
  registry?: string;
  image?: string;
  cluster?: string;
  kubeContext?: string;
  serviceUrl?: string;
  modulePath?: string;
  env?: NodeJS.ProcessEnv;
}

/** The real context: this machine's programs and network, with the project's names unless told otherwise. */
export function createContext(options: ContextOptions = {}): VerifyContext {
  const root = options.root ?? PROJECT_ROOT;
  const cluster = options.cluster ?? CLUSTER_NAME;
  const env = options.env ?? process.env;
  return {
    root,
    run: createRunner(env, root),
    start: createStarter(env, root),
    registry: options.registry ?? REGISTRY_HOST,
    image: options.image ?? IMAGE,
    cluster,
    kubeContext: options.kubeContext ?? `kind-${cluster}`,
    nodeContainer: `${cluster}-control-plane`,
    engine: detectEngine(env),
    ...(options.serviceUrl === undefined ? {} : { serviceUrl: options.serviceUrl }),
    ...(options.modulePath === undefined ? {} : { modulePath: options.modulePath }),
  };
}
