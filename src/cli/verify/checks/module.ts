import { existsSync } from 'node:fs';
import { CARGO_OUTPUT_DIR, MODULE_FILE, RUST_TARGET } from '../../../steps/constants.ts';
import { BUILD_OUTPUTS, builtModule, COMMITTED_MODULE, inRoot } from '../paths.ts';
import { inspectServerModule } from '../wasm-module.ts';
import { fail, pass, type Check } from '../types.ts';

const BUILD = `cd wasm && cargo build --target ${RUST_TARGET} --release`;

export const moduleBuilt: Check = {
  id: 'module-built',
  title: 'Module built and valid',
  async run(ctx) {
    const path = builtModule(ctx);
    if (path === undefined || !existsSync(inRoot(ctx, path))) {
      const looked = path ?? BUILD_OUTPUTS.join(' or ');
      const spare = existsSync(inRoot(ctx, COMMITTED_MODULE)) ? ` (the committed ${COMMITTED_MODULE} can stand in for the next steps)` : '';
      return fail(`no ${MODULE_FILE} at ${looked}${spare}`, BUILD);
    }
    const report = await inspectServerModule(inRoot(ctx, path));
    if (report.problem) return fail(`${path}: ${report.problem}`, `rebuild it: ${BUILD} (the server is ${CARGO_OUTPUT_DIR}/${MODULE_FILE})`);
    return pass(`${path}: ${Math.round(report.bytes / 1024)} KiB core module, WASI preview 1 with WasmEdge sockets, sha256 ${report.sha256.slice(0, 12)}`);
  },
};
