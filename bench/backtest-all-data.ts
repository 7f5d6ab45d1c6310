/**
 * Every Complete Journey campaign's backtest in one run, with the means over the Type B/C campaigns (the
 * ones weights and mappings are chosen on; 8 and 27 are the Type A test campaigns). Reproduces the tables
 * in bench/results/backtest.md:
 *
 *   npx tsx bench/backtest-all-data.ts                              # the adapter as shipped (category = product type)
 *   npx tsx bench/backtest-all-data.ts --category product_category  # the earlier mapping, for comparison
 *
 * Takes 2-4 minutes on the 2-core machine. Not run in CI (the bench runner skips files ending in -data.ts).
 */
import { parseArgs } from 'node:util';
import { ingest } from 'offerkit';
import { backtestCampaign, fromCompleteJourney } from 'offerkit/completejourney';
import { saveResult } from './lib/saveResult.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, category: { type: 'string' }, k: { type: 'string' } } });
const cj = await fromCompleteJourney(values.data ?? 'examples/data/completejourney');
const byCommodity = values.category === 'product_category';
if (values.category !== undefined && !byCommodity) throw new RangeError(`--category must be product_category (or absent), got ${values.category}`);
// The product record keeps only the product type as its category: read product_category from the file, with the adapter's fallback.
const commodity = new Map<string, string>();
if (byCommodity) {
  const { createReadStream } = await import('node:fs');
  const { createGunzip } = await import('node:zlib');
  const { parse } = await import('csv-parse');
  const rows = createReadStream(`${values.data ?? 'examples/data/completejourney'}/products.csv.gz`).pipe(createGunzip()).pipe(parse({ columns: true }));
  for await (const r of rows as AsyncIterable<Record<string, string>>) commodity.set(r.product_id!, r.product_category?.trim() || `${r.department?.trim() || 'UNKNOWN'} (uncategorised)`);
}
const records = cj.sources.products.records.map((p) => (byCommodity ? { ...p, category: commodity.get(String(p.id)) ?? p.category } : p));
const data = await ingest({ ...cj.sources, products: { name: cj.sources.products.name, records } }, { onInvalid: 'collect' });
const k = Number(values.k ?? 16);
const sums = { relevance: 0, offerkit: 0, popularity: 0 };
let n = 0;
console.log('| campaign | type | relevance | offerkit | popularity |\n| --- | --- | --- | --- | --- |');
for (const c of cj.campaigns) {
  const r = backtestCampaign(cj, data, c.id, { k });
  const auc = (name: 'relevance' | 'offerkit' | 'popularity'): number => (r as unknown as Record<string, { auc: number } | undefined>)[name]?.auc ?? Number.NaN;
  const [rel, ok, pop] = [auc('relevance'), auc('offerkit'), auc('popularity')];
  console.log(`| ${c.id} | ${c.type} | ${rel.toFixed(3)} | ${ok.toFixed(3)} | ${pop.toFixed(3)} |`);
  if (c.type !== 'A' && Number.isFinite(rel) && Number.isFinite(ok)) {
    sums.relevance += rel;
    sums.offerkit += ok;
    sums.popularity += pop;
    n++;
  }
}
saveResult(`backtest-all-data${byCommodity ? '-commodity' : ''}`, { campaigns: n, means: { relevance: sums.relevance / n, offerkit: sums.offerkit / n, popularity: sums.popularity / n } });
console.log(`\ncategory = ${byCommodity ? 'product_category' : 'product type'}: Type B/C campaigns with a finite AUC ${n}; means: relevance ${(sums.relevance / n).toFixed(4)}, offerkit ${(sums.offerkit / n).toFixed(4)}, popularity ${(sums.popularity / n).toFixed(4)}`);
