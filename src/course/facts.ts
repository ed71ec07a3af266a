// The course's facts, in one place: the port the word generator listens on, its module files, its image and
// Kubernetes names. Code, widgets, decks and steps import them; tests/unit/site/course-facts.test.ts fails when one
// is written out as a literal anywhere else in src/.

/** The port the word generator listens on: in the page's virtual network, under WasmEdge, in its container. */
export const GUEST_PORT = 8090;
/** The HTTP server module (WASI preview 1 + WasmEdge sockets). */
export const SERVER_MODULE = 'word_generator.wasm';
/** The command-line module (plain WASI preview 1). */
export const CLI_MODULE = 'word_generator_cli.wasm';
/** The command-line tool as a WASI 0.2 component. */
export const COMPONENT_MODULE = 'word_generator_cli.component.wasm';
/** The application's name: the image, the Deployment, the Service and their label. */
export const APP_NAME = 'word-generator';
/** The Service's port, forwarded to GUEST_PORT. */
export const SERVICE_PORT = 8080;
/** The word generator's health route. */
export const HEALTH_PATH = '/healthz';
