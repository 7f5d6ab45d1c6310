import { parseArgs } from 'node:util';
import { fromCompleteJourney } from '../completejourney/adapter/fromCompleteJourney.js';
import { backtestCampaign, type CampaignBacktest, type EngineMetrics } from '../completejourney/backtest/backtestCampaign.js';
import { ingest } from '../ingest/ingest.js';

const ENGINES = ['offerkit', 'relevance', 'offerkitLearned', 'popularity', 'random'] as const;

const cell = (v: number | null, digits = 3): string => (v === null ? '—' : v.toFixed(digits));

/** The console table of a campaign backtest. */
export function formatBacktest(r: CampaignBacktest): string[] {
  const lines = [
    `campaign ${r.campaign} (Type ${r.type}, ${r.start} .. ${r.end}): ${r.households} households x ${r.offers} coupons, ${r.redemptions} redemptions (${r.redeemedPairs} pairs, ${r.redeemingHouseholds} households)`,
    ...(r.historyDays === null ? [] : [`history: only the ${r.historyDays} days before the start`]),
    `redeemed pairs whose household bought the coupon's product / product type / category before: ${r.redeemedWithHistory.product} / ${r.redeemedWithHistory.subcategory} / ${r.redeemedWithHistory.category} of ${r.redeemedPairs}`,
    `AUC = mean per-household AUC over redeeming households; pooled = AUC over all pairs at once`,
    `engine            AUC    pooled  P@${r.k}`.padEnd(38) + `NDCG@${r.k}  top-decile lift`,
  ];
  for (const name of ENGINES) {
    const m: EngineMetrics = r[name];
    lines.push(`${name.padEnd(16)}  ${cell(m.auc)}  ${cell(m.pooledAuc)}   ${cell(m.precisionAtK)}  ${cell(m.ndcgAtK)}    ${cell(m.topDecileLift, 2)}`);
  }
  const d = r.offerkitVsPopularity;
  if (d !== null && d.difference !== null) {
    lines.push(`offerkit - popularity AUC: ${d.difference.toFixed(3)} (paired bootstrap ${Math.round(d.level * 100)}%: ${cell(d.low)} .. ${cell(d.high)}, ${d.households} households)`);
  }
  if (r.learned !== null) {
    lines.push(`learned on campaigns ${r.learned.trainingCampaigns.join(', ')}: ${r.learned.trainingPairs} pairs, ${r.learned.trainingPositives} redeemed`);
    if (r.learned.brier !== null) lines.push(`calibration: Brier ${r.learned.brier.toFixed(5)} (base rate ${cell(r.learned.baseRateBrier, 5)})`);
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  return lines;
}

/**
 * `offerkit backtest --data DIR --campaign ID [--k 16] [--history-days N] [--json]`: backtests one Complete
 * Journey campaign (see `backtestCampaign`); `--history-days N` uses only the N days of history before its start.
 * Prints a table, or with `--json` one JSON object on stdout.
 * Resolves to the exit code (2 for bad arguments).
 */
export async function backtestCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      campaign: { type: 'string' },
      k: { type: 'string' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      'history-days': { type: 'string' },
    },
  });
  if (values.campaign === undefined) {
    console.error('offerkit backtest: --campaign ID is required (e.g. --campaign 8)');
    return 2;
  }
  const k = values.k === undefined ? 16 : Number(values.k);
  if (!Number.isInteger(k) || k < 1) {
    console.error(`offerkit backtest: --k must be a whole number >= 1, got ${values.k}`);
    return 2;
  }
  const historyDays = values['history-days'] === undefined ? undefined : Number(values['history-days']);
  if (historyDays !== undefined && !(Number.isInteger(historyDays) && historyDays >= 1)) {
    console.error(`offerkit backtest: --history-days must be a whole number >= 1, got ${values['history-days']}`);
    return 2;
  }
  const cj = await fromCompleteJourney(values.data ?? 'examples/data/completejourney');
  if (!cj.campaigns.some((c) => c.id === values.campaign)) {
    console.error(`offerkit backtest: campaign ${values.campaign} is not in the data; known: ${cj.campaigns.map((c) => c.id).join(', ')}`);
    return 2;
  }
  const data = await ingest(cj.sources, { onInvalid: 'collect' });
  const result = backtestCampaign(cj, data, values.campaign, {
    k,
    seed: values.seed === undefined ? undefined : Number(values.seed),
    pairs: historyDays === undefined ? {} : { historyDays },
  });
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    for (const line of formatBacktest(result)) console.log(line);
  }
  return 0;
}
