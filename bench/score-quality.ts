/**
 * Question: does the relevance model target better than popularity and random on the synthetic
 * retailer, judged by the simulator's true redemption probabilities?
 *
 *   npx tsx bench/score-quality.ts                       seeds 1-3, 2,000 customers, oracle on 1 in 10
 *   npx tsx bench/score-quality.ts --smoke               seed 1, 400 customers
 *   npx tsx bench/score-quality.ts --seeds 1 --customers 3000 --grid '{"liftExponent":[0,0.5,1]}'
 *
 * `--grid` takes a JSON object of option -> list of values (RelevanceModelOptions); every combination
 * is fitted and measured on every seed (one data set per seed, reused).
 */
import { parseArgs } from 'node:util';
import { fitRelevanceModel, type RelevanceModelOptions } from '../src/score/index.js';
import { measureQuality, syntheticSet, type SyntheticSet } from '../test/score/syntheticQuality.js';
import { saveResult } from './lib/saveResult.js';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    customers: { type: 'string' },
    grid: { type: 'string' },
    oracle: { type: 'string' },
  },
});
const smoke = values.smoke ?? false;
const seeds = (values.seeds ?? (smoke ? '1' : '1,2,3')).split(',').map(Number);
const customers = Number(values.customers ?? (smoke ? 400 : 2_000));
const oracleStride = values.oracle === undefined ? (smoke ? undefined : 10) : Number(values.oracle) || undefined;
const grid = JSON.parse(values.grid ?? '{}') as Record<string, unknown[]>;

const combos: RelevanceModelOptions[] = [{}];
for (const [name, list] of Object.entries(grid)) {
  const next: RelevanceModelOptions[] = [];
  for (const base of combos) for (const v of list) next.push({ ...base, [name]: v });
  combos.splice(0, combos.length, ...next);
}

const sets: SyntheticSet[] = [];
for (const seed of seeds) {
  const t = performance.now();
  sets.push(await syntheticSet(seed, customers));
  console.error(`seed ${seed}: ${customers} customers generated, ingested, profiled in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const f0 = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(0));
const f3 = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(3));
console.log('| options | seed | offerkit top-6 | offerkit diverse (slots filled) | popularity (1/category) | random | oracle | AUC offerkit / popularity | pooled AUC offerkit / popularity | precision@6 offerkit / popularity |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const results: { options: unknown; seed: number; quality: unknown }[] = [];
for (const options of combos) {
  for (const set of sets) {
    const model = fitRelevanceModel(set.profiles, set.data.offers, set.data.catalog, options);
    const q = measureQuality(set, model, { oracleStride });
    results.push({ options, seed: set.seed, quality: q });
    const p = q.perThousand;
    console.log(
      `| \`${JSON.stringify(options)}\` | ${set.seed} | ${f0(p.offerkit)} | ${f0(p.offerkitDiverse)} (${q.diverseFilled.toFixed(2)}) | ${f0(p.popularity)} | ${f0(p.random)} | ${f0(p.oracle)} | ${f3(q.offerkit.auc)} / ${f3(q.popularity.auc)} | ${f3(q.offerkit.pooledAuc)} / ${f3(q.popularity.pooledAuc)} | ${f3(q.offerkit.precisionAtK)} / ${f3(q.popularity.precisionAtK)} |`,
    );
  }
}
saveResult('score-quality', { customers, results });
