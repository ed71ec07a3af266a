// When each group of guided steps was last checked, against which tool versions, and how. The one place these
// dates and versions live: the catalog index stamps them on every step, and the step UI shows them.
import type { Checked } from './schema.ts';
import { SERVER_MODULE } from '../course/facts.ts';

const ON = '2026-12-02';
/** Checked against the tools' release notes, documentation and sources; no kind cluster has run them in this project's CI yet. */
const SOURCES = 'read against the tools\u2019 releases, docs and sources';

export const checkedByCatalog: Record<string, Checked> = {
  page: { on: ON, against: ["the site's own WASI runtime", `${SERVER_MODULE} built with Debian Rust 1.63 (wasm32-wasi)`], how: 'run in the test suite' },
  build: {
    on: ON,
    against: ['Rust 1.63 with wasm32-wasi (Debian)', 'Rust 1.78 and newer with wasm32-wasip1 (rustup)'],
    how: 'built in the test suite with Debian Rust; the rustup target read against the Rust release notes and platform docs',
  },
  run: { on: ON, against: ['WasmEdge 0.14.1 (the version the runwasi shim embeds)', 'WasmEdge 0.17.1 install script'], how: 'run with WasmEdge 0.14.1; 0.17.1 read from its release' },
  image: { on: ON, against: ['buildah 1.28.2', 'skopeo 1.9.3', 'registry:3 (Debian docker-registry for tests)', 'Docker buildx 0.19 (docs)', 'Podman 5 (docs)'], how: 'built and pushed with buildah; Docker and Podman paths against stand-ins and docs' },
  cluster: { on: ON, against: ['kind v0.32 (node v1.36.1, containerd 2.3, config version 2)', 'runwasi containerd-shim-wasmedge v0.6.0'], how: SOURCES },
  deploy: { on: ON, against: ['Kubernetes v1.36 (kind node image)', 'kubectl v1.36', 'cloud-provider-kind (docs)'], how: SOURCES },
};
