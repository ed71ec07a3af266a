import type { StepInput } from './schema.ts';
import { CARGO_OUTPUT_DIR, CONTAINER_PORT, MODULE_FILE } from './constants.ts';
import { sockOpenOnWasmtime } from './troubleshooting.ts';
import { GUEST_PORT, SERVER_MODULE } from '../course/facts.ts';

/** The lesson that shows these steps (content/lessons/05-run-and-curl.mdx). */
const LESSON = '05-run-and-curl';

// Run the server module on the learner's machine with WasmEdge, and call it.
export const runSteps: StepInput[] = [
  {
    id: 'install-wasmedge',
    title: 'Install WasmEdge',
    command: 'curl -sSf https://raw.githubusercontent.com/WasmEdge/WasmEdge/master/utils/install.sh | bash\nsource $HOME/.wasmedge/env',
    where: 'machine',
    lesson: LESSON,
    summary: 'The runtime the talk uses; it provides the socket functions the server imports.',
    expected: 'wasmedge --version prints a version (0.17.x at the time of writing)',
    hint: 'The installer writes to ~/.wasmedge; `source` makes `wasmedge` available in this shell. New shells pick it up from your profile.',
    troubleshooting: [
      {
        symptom: 'wasmedge: command not found (in a new terminal)',
        fix: 'Run `source $HOME/.wasmedge/env`, or open a terminal after the installer changed your shell profile.',
      },
    ],
    check: 'wasmedge-serves',
  },
  {
    id: 'run-wasmedge',
    title: 'Run the server with WasmEdge',
    command: `wasmedge ${CARGO_OUTPUT_DIR}/${MODULE_FILE}`,
    where: 'machine',
    lesson: LESSON,
    summary: `The module opens its own socket on 0.0.0.0:${CONTAINER_PORT} through WasmEdge's socket extension.`,
    expected: `Listening on http://0.0.0.0:${CONTAINER_PORT} (it keeps running)`,
    hint: `Leave it running and use a second terminal for the next step; Ctrl+C stops it. No Rust? The committed module is public/wasm/${SERVER_MODULE}.`,
    troubleshooting: [
      {
        symptom: 'Address already in use',
        fix: `Something else listens on port ${CONTAINER_PORT} (an earlier run?). Stop it, or find it with \`lsof -i :${CONTAINER_PORT}\`.`,
      },
      sockOpenOnWasmtime,
    ],
    check: 'wasmedge-serves',
  },
  {
    id: 'curl-local',
    title: 'Ask it for a word',
    command: `curl "http://localhost:${CONTAINER_PORT}/?starts_with=d"`,
    where: 'machine',
    lesson: LESSON,
    summary: 'A plain HTTP request; the answer is a random word starting with the letter you ask for.',
    expected: 'a word starting with d, e.g. dolphin',
    hint: 'Try other letters; `/healthz` answers 200 and is what Kubernetes will probe later.',
    troubleshooting: [
      {
        symptom: `curl: (7) Failed to connect to localhost port ${GUEST_PORT}`,
        fix: 'The server is not running: start it with the previous step and keep that terminal open.',
      },
    ],
    check: 'wasmedge-serves',
  },
];
