import { toDay } from '../schema/days.js';

/** A campaign's id and last day (ISO date or day number), e.g. a `CompleteJourneyCampaign`. */
export interface CampaignWindow {
  readonly id: string;
  readonly end: string | number;
}

function dayOf(value: string | number, what: string): number {
  const day = typeof value === 'number' ? value : toDay(value);
  if (!Number.isInteger(day)) throw new RangeError(`${what} must be an ISO date (YYYY-MM-DD) or a whole day number, got ${JSON.stringify(value)}`);
  return day;
}

/**
 * Training examples without look-ahead: keeps only the examples whose campaign ENDED strictly
 * before the target campaign starts, so no outcome that was still unknown on the target's start day
 * can leak into training. Order is kept; `examples` is not mutated.
 *
 * It guards labels only: features must also be computed from data before `targetCampaignStart`.
 *
 * Cost: O(examples + campaigns).
 * @throws RangeError when an example names a campaign missing from `campaigns`, or a date is invalid.
 * @example
 * const train = splitByCampaignEnd(examples, cj.campaigns, '2017-08-08'); // campaign 13's start
 */
export function splitByCampaignEnd<T extends { readonly campaign: string }>(
  examples: readonly T[],
  campaigns: readonly CampaignWindow[],
  targetCampaignStart: string | number,
): T[] {
  const start = dayOf(targetCampaignStart, 'targetCampaignStart');
  const ended = new Map<string, boolean>();
  for (const c of campaigns) ended.set(c.id, dayOf(c.end, `end of campaign ${c.id}`) < start);
  const out: T[] = [];
  for (const e of examples) {
    const ok = ended.get(e.campaign);
    if (ok === undefined) throw new RangeError(`example names campaign ${JSON.stringify(e.campaign)}, which is not in campaigns; pass every campaign the examples use`);
    if (ok) out.push(e);
  }
  return out;
}
