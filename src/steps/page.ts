import type { StepInput } from './schema.ts';
import { CONTAINER_PORT, HEALTH_PATH, MODULE_FILE } from './constants.ts';
import { CLI_MODULE } from '../course/facts.ts';

// Steps a learner runs in the page's own terminal (lessons 2 and 5), plus the one that runs the same module
// with `containerless run` on their machine. Page steps need nothing installed: the module runs in the browser.

const base = `localhost:${CONTAINER_PORT}`;

const serverNotRunning = {
  symptom: `curl: (7) Failed to connect to localhost port ${CONTAINER_PORT}`,
  fix: `No server is listening yet. Start it with \`wasmedge ${MODULE_FILE} &\` (the & keeps the prompt free), then check with \`jobs\`.`,
};

export const pageSteps: StepInput[] = [
  {
    id: 'page-cli-words',
    evidence: 'cli-words',
    title: 'Run the command-line module with arguments',
    command: `wasmedge ${CLI_MODULE} --starts-with w --count 3`,
    where: 'page',
    summary: 'The standard-WASI tool reads its arguments through args_get, picks words with random_get and prints them with fd_write.',
    expected: 'three words starting with w, one per line',
    hint: 'Change the letter or the count; `--help` prints the usage. A count above 1000 or two letters gets a clear error and exit code 2.',
    troubleshooting: [
      {
        symptom: 'word_generator_cli: --starts-with must be a single letter from a to z',
        fix: 'Give exactly one letter, e.g. --starts-with w.',
      },
    ],
  },
  {
    id: 'page-start-server',
    evidence: 'listener-up',
    title: 'Start the server in this page',
    command: `wasmedge ${MODULE_FILE} &`,
    where: 'page',
    summary: `The same server module you will deploy, started in the background. It opens its own socket on 0.0.0.0:${CONTAINER_PORT}, here on the page's virtual network.`,
    expected: `Listening on http://0.0.0.0:${CONTAINER_PORT}\n[1] ${MODULE_FILE} runs in the background on port ${CONTAINER_PORT}.`,
    hint: '`jobs` lists what runs in the background; `kill %1` stops it. Without the & the server holds the prompt until Ctrl+C.',
    troubleshooting: [
      {
        symptom: `Address already in use: another server listens on port ${CONTAINER_PORT}`,
        fix: 'The message names who holds the port: a server from an earlier step (`jobs` shows it; `kill %1` stops it) or the demo above, which shares this page\'s network (its "Stop the server" button stops it). Use that server, or stop it and start again.',
      },
    ],
  },
  {
    id: 'page-curl-word',
    evidence: 'word-200',
    title: 'Ask it for a word',
    command: `curl ${base}/?starts_with=d`,
    where: 'page',
    summary: 'A real HTTP request over the page\'s virtual loopback: the server accepts it, reads it and answers with a word.',
    expected: 'a word starting with d',
    hint: 'Add -v to see the request curl sends and the headers that come back.',
    troubleshooting: [serverNotRunning],
  },
  {
    id: 'page-curl-health',
    evidence: 'health-200',
    title: 'Call the health check',
    command: `curl -i ${base}${HEALTH_PATH}`,
    where: 'page',
    summary: 'The path Kubernetes will probe to decide whether the pod is ready. -i shows the status line and headers too.',
    expected: 'HTTP/1.1 200 OK ... Content-Type: text/plain; charset=utf-8 ... ok',
    hint: 'The body is just "ok"; what matters to a probe is the 200.',
    troubleshooting: [serverNotRunning],
  },
  {
    id: 'page-curl-bad-request',
    evidence: 'bad-letter-400',
    title: 'Send a bad request',
    command: `curl -i "${base}/?starts_with=dd"`,
    where: 'page',
    summary: 'Two letters are not one letter: the server answers 400 and says why, instead of trapping. Bad input never takes the module down.',
    expected: 'HTTP/1.1 400 Bad Request ... starts_with must be a single letter from a to z, for example /?starts_with=d',
    hint: 'Try a path it does not know (404) or `-X POST` (405 with an Allow header).',
    troubleshooting: [serverNotRunning],
  },
  {
    id: 'run-containerless',
    title: 'Serve the module on your machine with containerless run',
    command: `npx containerless run public/wasm/${MODULE_FILE}`,
    where: 'machine',
    summary: `The project's own runtime (the one this page uses) in Node, with the module's virtual port bridged to a real one on 127.0.0.1: no WasmEdge needed.`,
    expected: `containerless run: serving ${MODULE_FILE} on http://127.0.0.1:${CONTAINER_PORT} ... Press Ctrl-C to stop.`,
    hint: `Run it from the project folder, leave it running, and curl it from a second terminal: curl "http://localhost:${CONTAINER_PORT}/?starts_with=d". \`--port 3000\` serves on another port, \`--trace\` prints every WASI call, Ctrl+C stops it.`,
    troubleshooting: [
      {
        symptom: `port ${CONTAINER_PORT} on 127.0.0.1 is already in use`,
        fix: `Something else listens on port ${CONTAINER_PORT} (a WasmEdge run from the previous step?). Stop it, or add --port 3000 and curl that port.`,
      },
      {
        symptom: 'npm error could not determine executable to run',
        fix: 'Run it inside the project folder, after `npm install`.',
      },
    ],
  },
];
