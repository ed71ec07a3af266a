// What a code block's copy button copies: for a shell session, the commands alone (no "$ " prompt, no output
// lines); for anything else, the text as shown. No DOM: tested in Node.

const SHELLS = new Set(['bash', 'sh', 'shell', 'zsh', 'console', 'shellsession', 'powershell', 'ps1']);
const PROMPT = /^\s*(?:\$|PS [^>]*>|❯)\s?/;

export function commandText(code: string, language: string | undefined): string {
  const text = code.replace(/\n+$/, '');
  if (!SHELLS.has((language ?? '').toLowerCase())) return text;
  const lines = text.split('\n');
  if (!lines.some((l) => PROMPT.test(l))) return text;
  // A session: keep the prompted lines and their continuations (a line ending in \), drop what they printed.
  const out: string[] = [];
  let continuing = false;
  for (const line of lines) {
    if (PROMPT.test(line)) out.push(line.replace(PROMPT, ''));
    else if (continuing) out.push(line);
    else continue;
    continuing = /\\$/.test(line);
  }
  return out.join('\n');
}
