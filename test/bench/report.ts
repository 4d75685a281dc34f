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

/** One row of a small | large comparison: the figure at each size and how it is shown. */
export interface SizeRow {
  label: string;
  small: number;
  large: number;
  format?: (value: number) => string;
  /** Whether the large ÷ small ratio is shown (default: yes). */
  ratio?: boolean;
  /** The baseline's figures, shown beside (same format). */
  baseline?: { label: string; small: number; large: number } | undefined;
  target?: string;
}

/**
 * A table of figures measured on a small and a large database side by side, with the ratio
 * large ÷ small (1× = the cost does not grow with the data) and, where given, a baseline
 * measured the same way in the same run on the same databases.
 */
export function formatSizeTable(sizes: readonly [small: string, large: string], rows: readonly SizeRow[]): string {
  const lines: string[][] = [];
  for (const row of rows) {
    const format = row.format ?? formatMs;
    lines.push([row.label, format(row.small), format(row.large), row.ratio === false ? '' : formatRatio(row.large, row.small), row.target ?? '']);
    if (row.baseline) {
      lines.push([
        `  baseline: ${row.baseline.label}`,
        format(row.baseline.small),
        format(row.baseline.large),
        row.ratio === false ? '' : formatRatio(row.baseline.large, row.baseline.small),
        '',
      ]);
    }
  }
  return formatTable(
    [
      { heading: 'measure' },
      { heading: sizes[0], align: 'right' },
      { heading: sizes[1], align: 'right' },
      { heading: 'large ÷ small', align: 'right' },
      { heading: 'target' },
    ],
    lines,
  );
}
