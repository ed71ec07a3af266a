import { dim } from './ansi.ts';
import { complete } from './complete.ts';
import type { Shell } from './shell.ts';

// The line under the prompt: typing, cursor keys, history (up/down), Tab, Ctrl+C, Ctrl+L. It turns the
// keystrokes a terminal view reports into shell runs and screen updates; no DOM, so tests can type into it.

export interface Screen {
  write(text: string): void;
}

const CSI = '\x1b[';

/** A key the terminal view reports as an escape sequence (arrows, Home, Delete, F-keys): short and complete. */
const KEY_SEQUENCE = /^\x1b(?:\[[0-9;]*[~A-Za-z]|O[A-Za-z])$/;

/**
 * Text as it may appear on screen: escape sequences (an OSC 8 hyperlink, a colour, a cursor move) removed whole,
 * so their payload never shows, then every other control character, C0 and C1. Pasted text and typed text both
 * pass through here, so a paste can never draw a fake link or move the cursor.
 */
export function printable(text: string): string {
  return text
    .replace(/(?:\x1b\]|\x9d)[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g, '') // OSC ... BEL or ST (hyperlinks, titles)
    .replace(/\x1b[P^_X][\s\S]*?(?:\x1b\\|$)/g, '') // DCS, PM, APC, SOS strings
    .replace(/(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g, '') // CSI sequences, 7- and 8-bit
    .replace(/\x1b[\s\S]?/g, '') // any other escape and the byte it introduces
    .replace(/\t/g, ' ')
    .replace(/[\x00-\x1f\x7f-\x9f]/g, '');
}

export class LineEditor {
  #shell: Shell;
  #screen: Screen;
  #files: () => readonly string[];
  #buffer = '';
  #cursor = 0;
  /** index into history while browsing with the arrows; history.length = the line being typed */
  #browse = 0;
  #draft = '';
  #busy = false;
  #queue: string[] = [];
  #atLineStart = true;
  #idle: (() => void)[] = [];

  constructor(shell: Shell, screen: Screen, files: () => readonly string[]) {
    this.#shell = shell;
    this.#screen = screen;
    this.#files = files;
  }

  get busy(): boolean {
    return this.#busy;
  }

  get line(): string {
    return this.#buffer;
  }

  /** Shell output: written straight through while a command runs; above the prompt when it arrives later. */
  output(text: string): void {
    if (text === '') return;
    if (this.#busy) return this.#raw(text);
    this.#raw(`\r${CSI}K`);
    this.#raw(text);
    this.prompt();
  }

  /** Draws a fresh prompt with the current line. */
  prompt(): void {
    if (!this.#atLineStart) this.#raw('\n');
    this.#raw(this.#shell.prompt + this.#buffer);
    this.#moveLeft(this.#buffer.length - this.#cursor);
    this.#atLineStart = false;
  }

  /** Runs a line as if typed (the "Run here" buttons); waits its turn behind a running command. */
  submit(line: string): void {
    if (this.#shell.holding) {
      this.output(dim(`(A module holds the prompt. Press Ctrl+C to stop it, then run: ${line})\n`));
      return;
    }
    this.#queue.push(line);
    if (!this.#busy) void this.#drain();
  }

  /** Resolves when no command runs and none waits. */
  whenIdle(): Promise<void> {
    if (!this.#busy && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Keystrokes as a terminal reports them (xterm's onData). */
  handle(data: string): void {
    if (this.#busy) {
      if (data === '\x03') {
        if (!this.#shell.interrupt()) this.#raw('^C');
        return;
      }
      // As a real terminal does, what is typed while a program holds the prompt shows on screen; the program
      // (a server) does not read it, so it is not kept for later.
      if (data === '\r' || data === '\n') return this.#raw('\n');
      if (!KEY_SEQUENCE.test(data)) this.#raw(data.split(/\r\n|\r|\n/).map(printable).join('\n'));
      return;
    }
    // A paste arrives as one string: run each complete line in turn.
    if (data.length > 1 && !KEY_SEQUENCE.test(data) && /[\r\n]/.test(data)) {
      const lines = data.split(/\r\n|\r|\n/).map(printable);
      const last = lines.pop() ?? '';
      const first = this.#buffer + (lines.shift() ?? '');
      this.#setLine('');
      for (const l of [first, ...lines]) this.#queue.push(l);
      this.#buffer = last;
      this.#cursor = last.length;
      void this.#drain();
      return;
    }
    switch (data) {
      case '\r':
      case '\n':
        return this.#enter();
      case '\x7f':
      case '\b':
        if (this.#cursor > 0) this.#edit(this.#buffer.slice(0, this.#cursor - 1) + this.#buffer.slice(this.#cursor), this.#cursor - 1);
        return;
      case `${CSI}3~`:
        if (this.#cursor < this.#buffer.length) this.#edit(this.#buffer.slice(0, this.#cursor) + this.#buffer.slice(this.#cursor + 1), this.#cursor);
        return;
      case `${CSI}A`:
        return this.#recall(-1);
      case `${CSI}B`:
        return this.#recall(1);
      case `${CSI}D`:
        if (this.#cursor > 0) (this.#cursor--, this.#raw(`${CSI}D`));
        return;
      case `${CSI}C`:
        if (this.#cursor < this.#buffer.length) (this.#cursor++, this.#raw(`${CSI}C`));
        return;
      case `${CSI}H`:
      case '\x01':
        this.#moveLeft(this.#cursor);
        this.#cursor = 0;
        return;
      case `${CSI}F`:
      case '\x05':
        this.#raw(this.#buffer.length > this.#cursor ? `${CSI}${this.#buffer.length - this.#cursor}C` : '');
        this.#cursor = this.#buffer.length;
        return;
      case '\t':
        return this.#complete();
      case '\x03':
        this.#raw('^C\n');
        this.#buffer = '';
        this.#cursor = 0;
        this.#atLineStart = true;
        return this.prompt();
      case '\x0c':
        this.#raw(`${CSI}H${CSI}2J`);
        this.#atLineStart = true;
        return this.prompt();
      case '\x15': // Ctrl+U: clear the line
        return this.#setLine('');
    }
    if (KEY_SEQUENCE.test(data)) return; // other keys (F1, PgUp...) mean nothing here
    const text = printable(data);
    if (text === '') return;
    const atEnd = this.#cursor === this.#buffer.length;
    this.#buffer = this.#buffer.slice(0, this.#cursor) + text + this.#buffer.slice(this.#cursor);
    this.#cursor += text.length;
    if (atEnd) this.#raw(text);
    else this.#redraw();
  }

  #enter(): void {
    const line = this.#buffer;
    this.#buffer = '';
    this.#cursor = 0;
    this.#raw('\n');
    this.#atLineStart = true;
    this.#queue.push(line);
    void this.#drain(true);
  }

  async #drain(typed = false): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    let echoed = typed;
    while (this.#queue.length > 0) {
      const line = this.#queue.shift() as string;
      if (!echoed) {
        // A line that was not typed: show it after the prompt, as if it had been.
        this.#raw(`\r${CSI}K${this.#shell.prompt}${line}\n`);
        this.#atLineStart = true;
      }
      echoed = false;
      await this.#shell.run(line);
      this.#browse = this.#shell.history.length;
      if (this.#queue.length > 0) {
        if (!this.#atLineStart) this.#raw('\n');
        this.#atLineStart = true;
      }
    }
    this.#busy = false;
    this.prompt();
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  #recall(step: number): void {
    const history = this.#shell.history;
    if (this.#browse === history.length) this.#draft = this.#buffer;
    const next = Math.max(0, Math.min(history.length, this.#browse + step));
    if (next === this.#browse) return;
    this.#browse = next;
    this.#setLine(next === history.length ? this.#draft : (history[next] ?? ''));
  }

  #complete(): void {
    const before = this.#buffer.slice(0, this.#cursor);
    const after = this.#buffer.slice(this.#cursor);
    const files = this.#files();
    const result = complete(before, this.#shell.commandNames, files, (command) => this.#shell.completions(command, files));
    if (result.options.length > 0 && result.text === before) {
      this.#raw('\n' + result.options.join('  ') + '\n');
      this.#atLineStart = true;
      this.prompt();
      return;
    }
    this.#edit(result.text + after, result.text.length);
  }

  #setLine(text: string): void {
    this.#edit(text, text.length);
  }

  #edit(text: string, cursor: number): void {
    this.#buffer = text;
    this.#cursor = cursor;
    this.#redraw();
  }

  #redraw(): void {
    this.#raw(`\r${CSI}K${this.#shell.prompt}${this.#buffer}`);
    this.#moveLeft(this.#buffer.length - this.#cursor);
  }

  #moveLeft(n: number): void {
    if (n > 0) this.#raw(`${CSI}${n}D`);
  }

  #raw(text: string): void {
    if (text === '') return;
    this.#screen.write(text);
    this.#atLineStart = text.endsWith('\n');
  }
}
