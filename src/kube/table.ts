// kubectl's table layout: Go's tabwriter as kubectl configures it, the last column unpadded. `get` uses min width 6
// and padding 3; `describe` uses min width 0 and padding 2.

export function table(rows: readonly (readonly string[])[], minWidth = 6, padding = 3): string {
  if (rows.length === 0) return '';
  const columns = Math.max(...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns - 1; c++) widths[c] = Math.max(minWidth, ...rows.map((r) => (r[c] ?? '').length + padding));
  return rows.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] ?? 0) : cell)).join('')).join('\n') + '\n';
}

/**
 * Go's tabwriter over lines of cells where a line with one cell ends a block of aligned columns, as
 * `kubectl describe` writes through one tabwriter (min width 0, padding 2).
 */
export function tabwrite(lines: readonly (readonly string[])[]): string {
  let out = '';
  let block: (readonly string[])[] = [];
  const flush = () => {
    if (block.length > 0) out += table(block, 0, 2);
    block = [];
  };
  for (const line of lines) {
    if (line.length <= 1) {
      flush();
      out += `${line[0] ?? ''}\n`;
    } else block.push(line);
  }
  flush();
  return out;
}
