// A few colours for the terminal. Meaning never rests on colour alone: every coloured line also says what it is.
// A trailing newline stays outside the colour, so "the line ended" is still the last thing written.
const wrap = (code: string) => (text: string) =>
  text.endsWith('\n') ? `\x1b[${code}m${text.slice(0, -1)}\x1b[0m\n` : `\x1b[${code}m${text}\x1b[0m`;
export const red = wrap('31');
export const green = wrap('32');
export const yellow = wrap('33');
export const cyan = wrap('36');
export const dim = wrap('2');
export const bold = wrap('1');

/** Removes colour codes (for tests and for text a screen reader gets elsewhere). */
export const plain = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
