// The few things a cross-browser journey does to a page, so one test body runs in Chromium and Firefox alike.
export interface OpenOptions {
  width?: number;
  height?: number;
  theme?: 'light' | 'dark';
}

export interface DriverPage {
  /** Console errors and uncaught exceptions seen on the page. */
  readonly errors: string[];
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  click(selector: string): Promise<void>;
  /** Focuses the element, then types as a user does (key events, not a value assignment). */
  typeInto(selector: string, text: string): Promise<void>;
  /** Types at whatever has focus. */
  type(text: string): Promise<void>;
  press(key: string): Promise<void>;
  select(selector: string, value: string): Promise<void>;
  text(selector: string): Promise<string | null>;
  attribute(selector: string, name: string): Promise<string | null>;
  count(selector: string): Promise<number>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  setViewport(width: number, height: number): Promise<void>;
  /** Cuts the page off the network (the service worker must answer) or reconnects it. */
  setOffline(offline: boolean): Promise<void>;
  /** Runs `action`, then returns the window it opened (reveal.js's speaker view). */
  popup(action: () => Promise<void>): Promise<DriverPage>;
  close(): Promise<void>;
}

export interface Driver {
  readonly name: 'chromium' | 'firefox';
  /** A fresh profile (no storage, no service worker) and a page in it. */
  open(options?: OpenOptions): Promise<DriverPage>;
  quit(): Promise<void>;
}
