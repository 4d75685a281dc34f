/** Formatting of the bench's printed tables and figures. */

/** A table column: its heading and whether its cells are right-aligned (numbers). */
export interface Column {
  heading: string;
  align?: 'left' | 'right';
}

/** Formats rows under headings as a plain-text table with a rule under the headings. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = columns.map((column, index) => Math.max(column.heading.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]) =>
    indent +
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        return column.align === 'right' ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.heading)), indent + widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** A count or rate with thousands separators and no decimals: `123 456`. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en').replace(/,/g, ' ') : '—';
}

/** A measured value divided by its baseline: `0.31×`. */
export function formatRatio(measured: number, baseline: number): string {
  if (!Number.isFinite(measured) || !Number.isFinite(baseline) || baseline === 0) return '—';
  const ratio = measured / baseline;
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

/** Milliseconds, with one decimal below 100 ms: `12.3 ms`, `1 234 ms`. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return Math.abs(value) < 100 ? `${value.toFixed(1)} ms` : `${formatCount(value)} ms`;
}

/** A number with `digits` decimals. */
export function formatFixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** A section heading followed by a blank line. */
export function heading(text: string): string {
  return `\n${text}\n${'═'.repeat(text.length)}`;
}
