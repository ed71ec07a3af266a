import type { GuestModule } from '../runtime/index.ts';
import type { GuestHost } from '../runtime/host/index.ts';

/** A module the terminal's folder holds. */
export interface ModuleFile {
  file: string;
  bytes: number;
  /** what it is, in a few words (from the build manifest) */
  role: string;
}

/** What the shell needs from where it runs: the page fetches modules over HTTP, Node reads them from disk. */
export interface ShellEnvironment {
  /** The compiled module; the environment compiles each file once and reuses it. */
  loadModule(file: string): Promise<GuestModule>;
  /** The modules in the terminal's folder. */
  modules(): Promise<ModuleFile[]>;
  /** Where a guided step is shown (`/learn/<lesson>/#step-<id>`), when a lesson shows it. */
  stepLink?(stepId: string): string | undefined;
  /** Where this shell's guests run (called once per shell): a Worker each in the page; in-process when left out. */
  createHost?(): GuestHost;
}

/** Where the shell writes. Text uses "\n"; the view turns it into what its screen needs. */
export interface ShellOutput {
  write(text: string): void;
  /** Clears the screen (the `clear` command, Ctrl+L). */
  clear(): void;
}
