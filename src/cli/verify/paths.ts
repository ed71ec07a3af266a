import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  CARGO_OUTPUT_DIR,
  CARGO_OUTPUT_DIR_LEGACY,
  COMMITTED_MODULE_DIR,
  MODULE_FILE,
} from '../../steps/constants.ts';
import type { VerifyContext } from './types.ts';

/** The learner's own builds, newest target name first. */
export const BUILD_OUTPUTS = [`${CARGO_OUTPUT_DIR}/${MODULE_FILE}`, `${CARGO_OUTPUT_DIR_LEGACY}/${MODULE_FILE}`];
export const COMMITTED_MODULE = `${COMMITTED_MODULE_DIR}/${MODULE_FILE}`;

export const inRoot = (ctx: VerifyContext, path: string): string => (isAbsolute(path) ? path : join(ctx.root, path));

/** The module the learner built (or the one given with --module), if any. */
export function builtModule(ctx: VerifyContext): string | undefined {
  if (ctx.modulePath !== undefined) return ctx.modulePath;
  return BUILD_OUTPUTS.find((p) => existsSync(inRoot(ctx, p)));
}

/** A module to run: the learner's build, else the committed one. */
export function runnableModule(ctx: VerifyContext): string | undefined {
  return builtModule(ctx) ?? (existsSync(inRoot(ctx, COMMITTED_MODULE)) ? COMMITTED_MODULE : undefined);
}
