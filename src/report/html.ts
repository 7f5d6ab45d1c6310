/** HTML-escapes text for element content and quoted attribute values. O(length). */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** HTML that has already been escaped or built from escaped parts. */
export type Html = string;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `12,345`; `∞` for Infinity; `–` for null or NaN. */
export function formatCount(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  return integer.format(x);
}

/** A number with `digits` significant digits (thousands grouped), `–` for null or NaN. */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (Math.abs(x) >= 10 ** digits) return integer.format(x);
  // Tiny non-zero values (solver residue in prices) would print as a long run of zeros.
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(digits - 1);
  return new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits }).format(x);
}

/** A share as a percent: `12.3%`, `–` for null or NaN. */
export function formatPercent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return `${(100 * x).toFixed(digits)}%`;
}

/** One KPI tile: a big value, a label and an optional note (all plain text, escaped here). */
export function tile(label: string, value: string, note?: string): Html {
  return `<div class="tile"><div class="tile-value">${escapeHtml(value)}</div><div class="tile-label">${escapeHtml(label)}</div>${
    note === undefined ? '' : `<div class="tile-note">${escapeHtml(note)}</div>`
  }</div>`;
}

/** A table from a header row and body rows of plain text cells (escaped here); `num` marks right-aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[], num: readonly boolean[] = []): Html {
  const th = header.map((h, i) => `<th${num[i] === true ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${num[i] === true ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A figure holding one rendered chart (trusted SVG from vega's renderer) and a plain-text caption. */
export function figure(svg: string, caption: string, wide = false): Html {
  return `<figure class="chart${wide ? ' wide' : ''}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}
