// Plain-text tables for stdout: a header, a rule, and columns padded to their widest cell, so the output
// reads in a terminal and splits on runs of spaces in scripts. Numbers are formatted by the caller.

export interface Column {
  header: string;
  /** 'right' for numbers (default), 'left' for names. */
  align?: 'left' | 'right';
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/** The header line and the rule of a table whose rows may be printed one by one (see formatRow). */
export function tableWidths(columns: readonly Column[], rows: readonly (readonly string[])[]): number[] {
  return columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
}

export function formatRow(
  columns: readonly Column[],
  widths: readonly number[],
  cells: readonly string[],
): string {
  return columns
    .map((c, i) => pad(cells[i] ?? '', widths[i], c.align ?? 'right'))
    .join('  ')
    .trimEnd();
}

export function formatHeader(columns: readonly Column[], widths: readonly number[]): string {
  const header = formatRow(
    columns,
    widths,
    columns.map((c) => c.header),
  );
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return `${header}\n${rule}`;
}

/** A whole table as text, ending with a newline. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = tableWidths(columns, rows);
  return `${[formatHeader(columns, widths), ...rows.map((r) => formatRow(columns, widths, r))].join('\n')}\n`;
}

/** A number with `digits` decimals, or '-' for NaN/undefined (a metric that does not exist for a case). */
export function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** A proportion (0-1) as a percentage with two decimals, e.g. 0.0231 -> '2.31%'. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '-'
    : `${(value * 100).toFixed(2)}%`;
}

/** Seconds as m:ss or h:mm:ss. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `n noun` with an 's' unless n is 1: '1 case', '42 cases'. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
