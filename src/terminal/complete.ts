// Tab completion: command names for the first word, then what the command's declaration offers (file names by default).

export interface Completion {
  /** the text before the cursor after completing (unchanged when nothing fits) */
  text: string;
  /** every candidate when there are several, to list under the prompt */
  options: string[];
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0] as string;
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** `argumentsFor(command)`: what may follow a command (its declaration's completion); files when left out. */
export function complete(before: string, commands: readonly string[], files: readonly string[], argumentsFor: (command: string) => readonly string[] = () => files): Completion {
  const start = before.search(/\S+$/);
  const word = start < 0 ? '' : before.slice(start);
  const head = start < 0 ? before : before.slice(0, start);
  const first = head.trim() === '';
  const command = head.trim().split(/\s+/)[0] ?? '';
  const pool = first ? commands : argumentsFor(command);
  const matches = pool.filter((c) => c.startsWith(word));
  if (matches.length === 0) return { text: before, options: [] };
  if (matches.length === 1) {
    const only = matches[0] as string;
    const end = only.endsWith('/') || only.endsWith('=') ? '' : ' ';
    return { text: head + only + end, options: [] };
  }
  return { text: head + commonPrefix(matches), options: matches };
}
