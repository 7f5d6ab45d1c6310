import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import {
  barsByCategory,
  binnedHistogram,
  coverageChart,
  dotsAgainstLimit,
  flaggedColumns,
  groupedColumns,
  intervals,
  stackedBars,
} from '../../src/report/charts.js';
import { renderVegaLiteSvg, renderVegaLiteSvgAsync } from '../../src/report/renderVegaLite.js';

const name = '<Milk & "Eggs">';
/** One spec per chart builder of the report, with awkward text in it. */
const specs: Record<string, TopLevelSpec> = {
  barsByCategory: barsByCategory([{ label: name, value: 12 }, { label: 'b', value: 0 }], 'customers'),
  binnedHistogram: binnedHistogram([{ from: 0, to: 0.5, count: 3 }, { from: 0.5, to: 1, count: 9 }], 'score', 'customers'),
  flaggedColumns: flaggedColumns(
    [{ label: '0', value: 2, flag: true }, { label: '1', value: 7, flag: false }],
    { x: 'x', y: 'y', on: 'on', off: 'off' },
    { on: 'red', off: 'blue' },
  ),
  coverageChart: coverageChart([
    { label: name, targeted: 10, fallback: 2, capacity: 12, binding: true },
    { label: 'o2', targeted: 4, fallback: 0, capacity: null, binding: false },
  ]),
  stackedBars: stackedBars([{ label: name, part: 'in segment', value: 3 }, { label: name, part: 'cover', value: 4 }], ['in segment', 'cover'], ['blue', 'grey'], 'recipients'),
  dotsAgainstLimit: dotsAgainstLimit([{ label: name, value: 0.4, ok: true }, { label: 'o2', value: 0.7, ok: false }], 0.5, { x: 'p', ok: 'met', notOk: 'not met', limit: 'τ' }),
  intervals: intervals([{ label: name, value: 0.1, lower: 0.05, upper: 0.2 }], 'rate', '.1%', 0),
  groupedColumns: groupedColumns([{ group: 'AUC', series: 'a', value: 0.7 }, { group: 'AUC', series: 'b', value: 0.5 }], 'score', '.2f'),
  groupedColumnsSingle: groupedColumns([{ group: 'offerkit', series: 'x', value: 400 }, { group: 'random', series: 'x', value: 90 }], 'per 1,000', ',.0f'),
};

describe('renderVegaLiteSvg', () => {
  for (const [chart, spec] of Object.entries(specs)) {
    it(`renderVegaLiteSvg(${chart}) equals vega's own asynchronous toSVG and escapes its text`, async () => {
      const sync = renderVegaLiteSvg(spec);
      expect(sync.startsWith('<svg')).toBe(true);
      expect(sync).toBe(await renderVegaLiteSvgAsync(spec));
      expect(sync).not.toContain('<Milk');
      expect(sync).not.toContain('undefined');
    });
  }
});
