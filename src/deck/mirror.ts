import { deckMode, type DeckMode } from './mode.ts';

/**
 * One live state per deck, shared between the audience window and the speaker view's iframes.
 * The audience window runs the demos and publishes what they show; the `?receiver` copies only draw it, and
 * send a speaker's click back as a command. Same origin, so a BroadcastChannel reaches every copy (reveal#3771).
 */
type Message =
  | { kind: 'state'; demo: string; state: unknown }
  | { kind: 'command'; demo: string; command: unknown }
  | { kind: 'hello' };

export class DeckMirror {
  readonly mode: DeckMode;
  private readonly channel: BroadcastChannel | undefined;
  private readonly latest = new Map<string, unknown>();
  private readonly stateListeners = new Map<string, Set<(state: unknown) => void>>();
  private readonly commandListeners = new Map<string, Set<(command: unknown) => void>>();

  constructor(deckId: string, mode: DeckMode = deckMode()) {
    this.mode = mode;
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`containerless-deck:${deckId}`) : undefined;
    this.channel?.addEventListener('message', (event: MessageEvent<Message>) => this.receive(event.data));
    // A speaker view opened mid-talk asks for what the audience already sees.
    if (mode === 'receiver') this.post({ kind: 'hello' });
  }

  /** Audience: what demo `demo` shows now; receivers redraw it. */
  publish(demo: string, state: unknown): void {
    this.latest.set(demo, state);
    this.post({ kind: 'state', demo, state });
  }

  /** Receiver: called with every state the audience window publishes for `demo` (and the latest one, if known). */
  onState(demo: string, listener: (state: unknown) => void): () => void {
    const set = this.stateListeners.get(demo) ?? new Set();
    set.add(listener);
    this.stateListeners.set(demo, set);
    if (this.latest.has(demo)) listener(this.latest.get(demo));
    return () => set.delete(listener);
  }

  /** Receiver: asks the audience window to act (e.g. "curl with letter d"). */
  command(demo: string, command: unknown): void {
    this.post({ kind: 'command', demo, command });
  }

  /** Audience: commands sent from the speaker view. */
  onCommand(demo: string, listener: (command: unknown) => void): () => void {
    const set = this.commandListeners.get(demo) ?? new Set();
    set.add(listener);
    this.commandListeners.set(demo, set);
    return () => set.delete(listener);
  }

  private receive(message: Message): void {
    if (message.kind === 'hello' && this.mode === 'audience') {
      for (const [demo, state] of this.latest) this.post({ kind: 'state', demo, state });
    } else if (message.kind === 'state' && this.mode === 'receiver') {
      this.latest.set(message.demo, message.state);
      for (const listener of this.stateListeners.get(message.demo) ?? []) listener(message.state);
    } else if (message.kind === 'command' && this.mode === 'audience') {
      for (const listener of this.commandListeners.get(message.demo) ?? []) listener(message.command);
    }
  }

  private post(message: Message): void {
    this.channel?.postMessage(message);
  }
}

let shared: DeckMirror | undefined;

/** The page's mirror, for the deck in `.reveal[data-deck]`. */
export function deckMirror(): DeckMirror {
  shared ??= new DeckMirror(document.querySelector<HTMLElement>('.reveal')?.dataset['deck'] ?? 'deck');
  return shared;
}
