import type { TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite/build/src/config.js';

/** Colours of the report (also used by its CSS). */
export const PALETTE = {
  primary: '#2b6cb0',
  light: '#a3bffa',
  muted: '#a0aec0',
  warn: '#dd6b20',
  bad: '#c53030',
  good: '#2f855a',
  ink: '#1a202c',
  grid: '#edf2f7',
} as const;

/** Plot-area widths: full width of the page, and half of it (two charts side by side). */
export const WIDE = 860;
export const HALF = 380;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** One look for every chart: quiet axes, no frame, the report's font. */
const CONFIG: Config = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelColor: '#4a5568', titleColor: '#2d3748', gridColor: PALETTE.grid, domainColor: '#cbd5e0', tickColor: '#cbd5e0', labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600 },
  legend: { labelColor: '#4a5568', titleColor: '#2d3748', labelFontSize: 11, titleFontSize: 11, orient: 'top', labelLimit: 320 },
  bar: { color: PALETTE.primary },
  point: { color: PALETTE.primary },
};

function spec(body: Record<string, unknown>): TopLevelSpec {
  return { config: CONFIG, padding: 4, ...body } as TopLevelSpec;
}

/** Horizontal bars of counts by category, in the given order, with the count printed at each bar's end. */
export function barsByCategory(rows: readonly { label: string; value: number }[], title: string, width = HALF): TopLevelSpec {
  const order = rows.map((r) => r.label);
  return spec({
    width,
    height: { step: 22 },
    data: { values: rows },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelLimit: 400 } },
      x: { field: 'value', type: 'quantitative', title, axis: { format: ',.0f', tickMinStep: 1 } },
    },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2 } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 11, color: '#2d3748' }, encoding: { text: { field: 'value', type: 'quantitative', format: ',' } } },
    ],
  });
}

/** A histogram from precomputed bins (`from`, `to`, `count`). */
export function binnedHistogram(bins: readonly { from: number; to: number; count: number }[], xTitle: string, yTitle: string, width = HALF): TopLevelSpec {
  return spec({
    width,
    height: 180,
    data: { values: bins },
    mark: { type: 'bar', binSpacing: 1 },
    encoding: {
      x: { field: 'from', type: 'quantitative', bin: { binned: true }, title: xTitle },
      x2: { field: 'to' },
      y: { field: 'count', type: 'quantitative', title: yTitle, axis: { format: ',.0f', tickMinStep: 1 } },
    },
  });
}

/** Vertical bars over ordered categories, coloured by a two-way flag with a legend. */
export function flaggedColumns(
  rows: readonly { label: string; value: number; flag: boolean }[],
  labels: { x: string; y: string; on: string; off: string },
  colors: { on: string; off: string },
  width = HALF,
): TopLevelSpec {
  return spec({
    width,
    height: 180,
    data: { values: rows.map((r) => ({ ...r, kind: r.flag ? labels.on : labels.off })) },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: rows.map((r) => r.label), title: labels.x, axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: labels.y, axis: { format: ',.0f', tickMinStep: 1 } },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: [labels.off, labels.on], range: [colors.off, colors.on] } },
        },
      },
      // Counts over the bars: small bars next to a tall one stay readable.
      { mark: { type: 'text', dy: -6, fontSize: 10, color: '#2d3748' }, encoding: { text: { field: 'value', type: 'quantitative', format: ',' } } },
    ],
  });
}

/** Recipients per offer (stacked targeted / fallback) with a black tick at each offer's capacity. */
export function coverageChart(
  rows: readonly { label: string; targeted: number; fallback: number; capacity: number | null; binding: boolean }[],
  width = HALF,
): TopLevelSpec {
  const order = rows.map((r) => r.label);
  const bars = rows.flatMap((r) => [
    { label: r.label, part: 'targeted', value: r.targeted },
    { label: r.label, part: 'fallback fill', value: r.fallback },
  ]);
  const caps = rows.filter((r) => r.capacity !== null).map((r) => ({ label: r.label, capacity: r.capacity, state: r.binding ? 'capacity (binding)' : 'capacity' }));
  return spec({
    width,
    height: { step: 18 },
    encoding: { y: { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelLimit: 400 } } },
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'value', type: 'quantitative', stack: 'zero', title: 'recipients', axis: { format: ',.0f', tickMinStep: 1 } },
          color: { field: 'part', type: 'nominal', title: null, scale: { domain: ['targeted', 'fallback fill'], range: [PALETTE.primary, PALETTE.light] } },
        },
      },
      // No capped offer among those shown: an empty tick layer would give vega an infinite extent.
      ...(caps.length === 0
        ? []
        : [
            {
              data: { values: caps },
              mark: { type: 'tick' as const, thickness: 2, size: 14 },
              encoding: {
                x: { field: 'capacity', type: 'quantitative' as const },
                stroke: { field: 'state', type: 'nominal' as const, title: null, scale: { domain: ['capacity', 'capacity (binding)'], range: [PALETTE.ink, PALETTE.bad] } },
                color: { value: PALETTE.ink },
              },
            },
          ]),
    ],
    resolve: { scale: { color: 'independent' } },
  });
}

/** Stacked horizontal bars of parts per category (e.g. in-segment and cover recipients per offer). */
export function stackedBars(
  rows: readonly { label: string; part: string; value: number }[],
  parts: readonly string[],
  colors: readonly string[],
  xTitle: string,
  width = HALF,
): TopLevelSpec {
  const order = [...new Set(rows.map((r) => r.label))];
  return spec({
    width,
    height: { step: 18 },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelLimit: 400 } },
      x: { field: 'value', type: 'quantitative', stack: 'zero', title: xTitle, axis: { format: ',.0f', tickMinStep: 1 } },
      color: { field: 'part', type: 'nominal', title: null, scale: { domain: parts, range: colors } },
      order: { field: 'order', type: 'quantitative' },
    },
    transform: [{ calculate: `indexof(${JSON.stringify(parts)}, datum.part)`, as: 'order' }],
  });
}

/** A dot per category on a 0..1 axis with a dashed limit line (e.g. achieved bound against tau). */
export function dotsAgainstLimit(
  rows: readonly { label: string; value: number; ok: boolean }[],
  limit: number,
  labels: { x: string; ok: string; notOk: string; limit: string },
  width = HALF,
): TopLevelSpec {
  const order = rows.map((r) => r.label);
  return spec({
    width,
    height: { step: 18 },
    layer: [
      {
        data: { values: rows.map((r) => ({ ...r, state: r.ok ? labels.ok : labels.notOk })) },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelLimit: 400 } },
          x: { field: 'value', type: 'quantitative', title: labels.x, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          color: { field: 'state', type: 'nominal', title: null, scale: { domain: [labels.ok, labels.notOk], range: [PALETTE.good, PALETTE.bad] } },
        },
      },
      {
        data: { values: [{ limit, text: labels.limit }] },
        encoding: { x: { field: 'limit', type: 'quantitative' } },
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 3], color: PALETTE.warn, strokeWidth: 1.5 } },
          { mark: { type: 'text', y: -6, align: 'left', dx: 3, color: PALETTE.warn, fontSize: 10 }, encoding: { text: { field: 'text' } } },
        ],
      },
    ],
  });
}

/** Estimates with intervals per category: a dot at the estimate, a bar from lower to upper, an optional reference line. */
export function intervals(
  rows: readonly { label: string; value: number; lower: number; upper: number }[],
  xTitle: string,
  format: string,
  reference: number | null,
  width = HALF,
): TopLevelSpec {
  const order = rows.map((r) => r.label);
  const layers: Record<string, unknown>[] = [
    {
      data: { values: rows },
      encoding: { y: { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelLimit: 200 } } },
      layer: [
        { mark: { type: 'rule', strokeWidth: 2, color: PALETTE.primary }, encoding: { x: { field: 'lower', type: 'quantitative', title: xTitle, axis: { format } }, x2: { field: 'upper' } } },
        { mark: { type: 'point', filled: true, size: 70, color: PALETTE.ink }, encoding: { x: { field: 'value', type: 'quantitative' } } },
        {
          mark: { type: 'text', dy: -10, fontSize: 10, color: '#2d3748' },
          encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', format } },
        },
      ],
    },
  ];
  if (reference !== null) {
    layers.unshift({ data: { values: [{ ref: reference }] }, mark: { type: 'rule', color: PALETTE.muted, strokeDash: [4, 3] }, encoding: { x: { field: 'ref', type: 'quantitative' } } });
  }
  return spec({
    width,
    height: { step: 40 },
    layer: layers,
  });
}

/** Grouped vertical bars: one group per `group`, one bar per `series`, value printed on top. */
export function groupedColumns(rows: readonly { group: string; series: string; value: number }[], yTitle: string, format: string, width = HALF): TopLevelSpec {
  const groups = [...new Set(rows.map((r) => r.group))];
  const series = [...new Set(rows.map((r) => r.series))];
  const colors = [PALETTE.primary, PALETTE.warn, PALETTE.muted, PALETTE.good, PALETTE.light];
  if (series.length === 1) {
    // One series: plain columns, the first group (offerkit) in the primary colour, the baselines muted.
    return spec({
      width,
      height: 180,
      data: { values: rows },
      encoding: {
        x: { field: 'group', type: 'nominal', sort: groups, title: null, axis: { labelAngle: 0 } },
        y: { field: 'value', type: 'quantitative', title: yTitle, axis: { format } },
      },
      layer: [
        {
          mark: { type: 'bar', cornerRadiusEnd: 2 },
          encoding: { color: { field: 'group', type: 'nominal', legend: null, scale: { domain: groups, range: groups.map((_, i) => (i === 0 ? PALETTE.primary : PALETTE.muted)) } } },
        },
        { mark: { type: 'text', dy: -6, fontSize: 10, color: '#2d3748' }, encoding: { text: { field: 'value', type: 'quantitative', format } } },
      ],
    });
  }
  return spec({
    width,
    height: 180,
    data: { values: rows },
    encoding: {
      x: { field: 'group', type: 'nominal', sort: groups, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: series },
      y: { field: 'value', type: 'quantitative', title: yTitle, axis: { format } },
      color: { field: 'series', type: 'nominal', sort: series, title: null, scale: { domain: series, range: colors.slice(0, series.length) } },
    },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2 } },
      { mark: { type: 'text', dy: -6, fontSize: 10, color: '#2d3748' }, encoding: { text: { field: 'value', type: 'quantitative', format } } },
    ],
  });
}
