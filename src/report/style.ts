import { PALETTE } from './charts.js';

/** The report's stylesheet: laptop-first layout, two charts a row where they fit, clean A4 print. */
export const REPORT_CSS = `
:root { --ink: ${PALETTE.ink}; --muted: #4a5568; --faint: #718096; --line: #e2e8f0; --bg: #f4f6f9; --primary: ${PALETTE.primary}; --bad: ${PALETTE.bad}; --good: ${PALETTE.good}; --warn: ${PALETTE.warn}; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #1a365d; color: #fff; padding: 22px 32px 18px; }
header h1 { margin: 0; font-size: 24px; font-weight: 650; }
header p { margin: 4px 0 0; color: #cbd5e0; font-size: 13px; }
nav { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 32px; font-size: 13px; }
nav a { color: var(--primary); text-decoration: none; margin-right: 18px; white-space: nowrap; }
nav a:hover { text-decoration: underline; }
main { max-width: 1140px; margin: 0 auto; padding: 8px 24px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 24px 20px; margin: 16px 0; }
h2 { margin: 0 0 2px; font-size: 18px; font-weight: 650; }
h3 { margin: 16px 0 4px; font-size: 14px; font-weight: 650; }
.lede { margin: 0 0 10px; color: var(--muted); max-width: 80ch; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(135px, 1fr)); gap: 10px; margin: 12px 0 16px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.tile-value { font-size: 22px; font-weight: 650; line-height: 1.2; font-variant-numeric: tabular-nums; }
.tile-label { font-size: 12px; color: var(--muted); }
.tile-note { font-size: 11px; color: var(--faint); }
.charts { display: flex; flex-wrap: wrap; gap: 16px 28px; align-items: flex-start; }
figure.chart { margin: 0; flex: 1 1 440px; min-width: 0; break-inside: avoid; }
figure.chart.wide { flex-basis: 100%; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 4px; font-size: 12px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 12.5px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); background: #f7fafc; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td { overflow-wrap: anywhere; }
.note { color: var(--muted); background: #f7fafc; border-left: 3px solid var(--line); padding: 8px 12px; margin: 8px 0; }
.bad { color: var(--bad); font-weight: 600; }
.good { color: var(--good); font-weight: 600; }
footer { max-width: 1140px; margin: 0 auto; padding: 0 24px 32px; color: var(--faint); font-size: 12px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11px; }
  header { background: none; color: var(--ink); padding: 0 0 6px; border-bottom: 2px solid var(--ink); }
  header p { color: var(--muted); }
  nav { display: none; }
  main { max-width: none; padding: 0; }
  section { border: none; border-radius: 0; padding: 0; margin: 14px 0 0; }
  section + section { border-top: 1px solid var(--line); padding-top: 10px; }
  h2 { break-after: avoid; }
  .tiles { grid-template-columns: repeat(4, 1fr); gap: 6px; }
  .tile { padding: 6px 8px; }
  .tile-value { font-size: 16px; }
  figure.chart { flex-basis: 45%; }
  figure.chart.wide { flex-basis: 100%; }
  tr, .tile, figure { break-inside: avoid; }
  footer { padding: 8px 0 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
