// "Run here": a widget hands a command to the page's terminal (<containerless-terminal>, terminal.ts) by a document
// event, so neither needs the other loaded. The terminal claims the command by cancelling the event.
import type { RunReport } from '../terminal/view/mount.ts';

const RUN = 'containerless:run';

/** `report` hears what the terminal did with it: ran (and the exit status) or refused (and why). */
export interface RunDetail {
  command: string;
  /** the terminal's id, when a page has several; else the first terminal on the page takes it */
  terminal?: string;
  /** the guided step that asked, told how it went by a `containerless:ran` event */
  step?: string;
  report?: (r: RunReport) => void;
}

/** Asks the page's terminal to run a command; false when no terminal took it. */
export function runHere(detail: RunDetail): boolean {
  const run = new CustomEvent<RunDetail>(RUN, { detail, cancelable: true });
  document.dispatchEvent(run);
  return run.defaultPrevented;
}

/** For a terminal: hears every "Run here" on the page; returns the function that stops listening. */
export function onRunHere(listener: (event: CustomEvent<RunDetail>) => void): () => void {
  const handler = (event: Event) => listener(event as CustomEvent<RunDetail>);
  document.addEventListener(RUN, handler);
  return () => document.removeEventListener(RUN, handler);
}
