import { CONTAINER_PORT } from '../../../steps/constants.ts';
import { describeError, httpGet, readWord, waitUntilServing } from '../http.ts';
import { inRoot, runnableModule } from '../paths.ts';
import { freePort } from '../process.ts';
import { fail, pass, type Check } from '../types.ts';
import { SERVER_MODULE } from '../../../course/facts.ts';

const INSTALL = 'curl -sSf https://raw.githubusercontent.com/WasmEdge/WasmEdge/master/utils/install.sh | bash && source $HOME/.wasmedge/env';

// Starts the module under WasmEdge for a moment, on a free port (the server reads PORT) so a copy the learner
// left running on 8090 is not disturbed, asks for a word, and stops it.
export const wasmedgeServes: Check = {
  id: 'wasmedge-serves',
  title: 'WasmEdge present and the module serves',
  async run(ctx) {
    const version = await ctx.run('wasmedge', ['--version']);
    if (version.missing) return fail('wasmedge is not installed (not on PATH)', INSTALL);
    if (version.code !== 0) return fail(`wasmedge --version failed: ${version.stderr.trim()}`, INSTALL);
    const module = runnableModule(ctx);
    if (module === undefined) return fail(`no ${SERVER_MODULE} to run`, 'cd wasm && cargo build --target wasm32-wasip1 --release');

    const port = await freePort();
    const server = await ctx.start('wasmedge', ['--env', `PORT=${port}`, inRoot(ctx, module)]);
    if ('missing' in server) return fail('wasmedge disappeared from PATH', INSTALL);
    try {
      const base = `http://127.0.0.1:${port}`;
      if (!(await waitUntilServing(`${base}/healthz`, 8000, server.exited))) {
        const said = server.output().trim().split('\n').slice(-2).join(' | ');
        return fail(`wasmedge ${module} did not answer /healthz on port ${port}${said ? `; it said: ${said}` : ''}`, `run it yourself to see why: wasmedge ${module}`);
      }
      const answer = readWord(await httpGet(`${base}/?starts_with=d`), 'd');
      if ('problem' in answer) return fail(`/?starts_with=d: ${answer.problem}`, `rebuild the module: cd wasm && cargo build --target wasm32-wasip1 --release`);
      const name = version.stdout.trim().split('\n')[0]?.trim() ?? 'wasmedge';
      return pass(`${name} ran ${module} and answered "${answer.word}" (on port ${port}; it listens on ${CONTAINER_PORT} by default)`);
    } catch (error) {
      return fail(`calling the module failed: ${describeError(error)}`, `run it yourself to see why: wasmedge ${module}`);
    } finally {
      await server.stop();
    }
  },
};
