// What scripts/build-component.mjs measured and read from the component: sizes, core modules, its WIT world.
import facts from './generated/component.json' with { type: 'json' };

export interface CoreModuleFact {
  /** jco's name for it, as the transpiled code asks for it */
  file: string;
  bytes: number;
  /** where the site serves it, relative to /wasm/ */
  served: string;
  what: string;
}

export interface ComponentFacts {
  jco: string;
  preview2Shim: string;
  module: { file: string; bytes: number; sha256: string };
  component: { file: string; bytes: number; sha256: string };
  transpiled: { jsBytes: number; jsGzipBytes: number; coreModules: CoreModuleFact[] };
  world: { imports: string[]; exports: string[] };
}

export const componentFacts: ComponentFacts = facts;
