/**
 * The talk this course is built on, and what the course changed: one home for the credit shown on the decks, the home
 * page, the About page and lesson 1. Checked against the repository itself (deepu105/word-generator-wasi-rust, commits of
 * 2024-08-15: README, Cargo.toml, src/main.rs, k8s-manifest.yaml, Dockerfile_OCI, MIT licence).
 */
export const originalTalk = {
  title: 'Go containerless on Kubernetes with WebAssembly and Rust',
  year: 2024,
  author: 'Deepu K Sasidharan',
  /** His role when he gave the talk. */
  role: 'then a developer advocate at Auth0 by Okta',
  repository: 'deepu105/word-generator-wasi-rust',
  repositoryUrl: 'https://github.com/deepu105/word-generator-wasi-rust',
} as const;

/** What this course does differently from the original demo, and why: said plainly wherever the credit is. */
export const courseChanges = [
  {
    then: 'a warp_wasi + tokio_wasi server',
    now: "A std-only Rust server that opens its socket through WasmEdge's socket calls",
    why: 'No async runtime forks to keep alive, a smaller module, and the same bytes run in the browser runtime.',
  },
  {
    then: 'KWasm on kind and an image pushed as :latest to Docker Hub',
    now: "The 2026 deploy path: runwasi's WasmEdge shim patched into kind, a local registry, a pinned tag",
    why: 'KWasm is archived, and a local registry works with the Wi-Fi off.',
  },
  {
    then: "WasmEdge on the speaker's laptop only",
    now: 'An in-browser WASI runtime that runs the module in the page',
    why: 'Everyone in the room, and every reader, can run and curl the module with nothing installed.',
  },
] as const;

/** The one-line credit, as text (page titles, notes, printed handouts). */
export const creditLine = `Based on "${originalTalk.title}" by ${originalTalk.author} (${originalTalk.year}).`;
