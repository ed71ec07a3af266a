// The committed modules, compiled once for the tests of tests/unit/wasm (run on the project's own runtime).
import { readFileSync } from 'node:fs';
import { compileModule, type GuestModule } from '../../../src/runtime/index.ts';
import { cliWasm, serverWasm } from './hosts.ts';

export const serverModule = (): Promise<GuestModule> => compileModule(readFileSync(serverWasm), 'word_generator.wasm');
export const cliModule = (): Promise<GuestModule> => compileModule(readFileSync(cliWasm), 'word_generator_cli.wasm');
