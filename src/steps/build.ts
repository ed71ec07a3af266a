import type { StepInput } from './schema.ts';
import { CARGO_OUTPUT_DIR, MODULE_FILE, RUST_TARGET, RUST_TARGET_LEGACY } from './constants.ts';

/** The lesson that shows these steps (content/lessons/04-build.mdx). */
const LESSON = '04-build';

// Build the module for WASI preview 1 on the learner's machine.
export const buildSteps: StepInput[] = [
  {
    id: 'rust-target',
    title: `Add the ${RUST_TARGET} target`,
    command: `rustup target add ${RUST_TARGET}`,
    where: 'machine',
    lesson: LESSON,
    summary: 'The Rust standard library for WASI preview 1, so cargo can compile to a .wasm module.',
    expected: `info: component 'rust-std' for target '${RUST_TARGET}' is up to date (or: downloading component 'rust-std')`,
    hint: `Needs Rust 1.78 or newer (\`rustup update stable\`). The 2024 talk used \`${RUST_TARGET_LEGACY}\`: that name was removed in Rust 1.84.`,
    troubleshooting: [
      {
        symptom: `error: toolchain 'stable-...' does not support target '${RUST_TARGET_LEGACY}'`,
        fix: `Use the current name, ${RUST_TARGET}. \`${RUST_TARGET_LEGACY}\` was renamed (Rust 1.78) and then removed (Rust 1.84).`,
      },
      {
        symptom: 'rustup: command not found',
        fix: 'Install Rust with rustup (https://rustup.rs). A distribution Rust without rustup (e.g. Debian 1.63) only knows `wasm32-wasi`, through the libstd-rust-dev-wasm32 package.',
      },
    ],
    check: 'rust-target',
  },
  {
    id: 'build-module',
    title: 'Build the word generator',
    command: `cd wasm\ncargo build --target ${RUST_TARGET} --release`,
    where: 'machine',
    lesson: LESSON,
    summary: 'Compiles the server (and the command-line tool) to WebAssembly modules.',
    expected: `Finished \`release\` profile [optimized] target(s); the server is ${CARGO_OUTPUT_DIR}/${MODULE_FILE} (about 200 KiB)`,
    hint: 'Run it inside the wasm/ folder of the project. The release profile makes a small module: no debug info, panics abort.',
    troubleshooting: [
      {
        symptom: `error[E0463]: can't find crate for \`std\` ... the \`${RUST_TARGET}\` target may not be installed`,
        fix: `Do the previous step: \`rustup target add ${RUST_TARGET}\`.`,
      },
    ],
    check: 'module-built',
  },
];
