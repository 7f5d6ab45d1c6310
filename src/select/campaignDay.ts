import type { Dataset } from '../ingest/ingest.js';
import { toDay } from '../schema/days.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';

/**
 * The campaign's drop day as a day number: `day` when given, else `config.date`, else the day after
 * the last transaction (the documented default of `CampaignConfig.date`). O(1).
 *
 * @example campaignDay(data, { ...config, date: '2024-03-01' }) // 19783
 */
export function campaignDay(data: Dataset, config: Pick<CampaignConfig, 'date'>, day?: number): number {
  if (day !== undefined) {
    if (!Number.isInteger(day)) throw new TypeError(`campaignDay: day ${day} is not an integer day number; use toDay('YYYY-MM-DD')`);
    return day;
  }
  if (config.date !== undefined) {
    const d = toDay(config.date);
    if (Number.isNaN(d)) throw new TypeError(`campaignDay: config.date '${config.date}' is not a valid ISO date (YYYY-MM-DD)`);
    return d;
  }
  return data.transactions.maxDay + 1;
}
