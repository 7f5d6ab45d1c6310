import type { ContactEventInput } from '../schema/contactEvent.js';
import { hashUnit, mixSeed, type Random } from '../lib/random.js';
import type { SyntheticSimulator } from './redemptionSimulator.js';
import type { SyntheticOffers } from './syntheticOffers.js';
import { monthlyPropensity, type SyntheticWorld } from './syntheticWorld.js';

/** Weeks before the end of the history at which past campaigns dropped. */
const CAMPAIGN_WEEKS_BEFORE_END = [44, 32, 20, 8];
const MAILED_SHARE = 0.5;

/**
 * Past mailings inside the history window, so contact policies and propensity models have data:
 * four campaigns (44, 32, 20 and 8 weeks before the end; those before the history start are skipped),
 * each mailing about half of the mail-consenting, personalisable households who had joined. A mailer
 * carries 2 "legacy-targeted" offers (best by true propensity of 8 random targeted offers), 2 random
 * targeted offers and, for 30% of households, a generic offer. Redemption is drawn from the simulator
 * as of the campaign day. Past redemptions do not feed back into the transaction history.
 *
 * Cost: O(customers x (history + 4 x 11 offers x targets x lines)).
 */
export function buildPastContacts(world: SyntheticWorld, offers: SyntheticOffers, simulator: SyntheticSimulator, rng: Random): ContactEventInput[] {
  const out: ContactEventInput[] = [];
  const O = offers.ids.length;
  const targeted: number[] = [];
  const generic: number[] = [];
  for (let o = 0; o < O; o++) (offers.generic[o] === 1 ? generic : targeted).push(o);
  if (targeted.length === 0) return out;
  const campaignDays = CAMPAIGN_WEEKS_BEFORE_END.map((w) => world.days - 7 * w).filter((d) => d >= 14);
  const iso = (d: number): string => new Date((world.startDay + d) * 86_400_000).toISOString().slice(0, 10);
  const campaignDates = campaignDays.map(iso);
  const campaignIds = campaignDates.map((d) => `campaign-${d}`);
  const { population } = world;
  const streamSeed = mixSeed(world.seed, 501);
  const customers = population.customers;
  for (let i = 0; i < customers.length; i++) {
    const record = customers[i]!;
    if (record.consentMail === false || record.profilingOptOut === true) continue;
    for (let k = 0; k < campaignDays.length; k++) {
      const day = campaignDays[k]!;
      if (population.joinDay[i]! > day) continue;
      rng.reseed(mixSeed(mixSeed(streamSeed, k), i));
      if (!rng.bernoulli(MAILED_SHARE)) continue;
      const chosen: number[] = [];
      const pool: { o: number; score: number }[] = [];
      for (let j = 0; j < 8; j++) {
        const o = rng.choice(targeted);
        let miss = 1;
        for (let t = offers.targetStart[o]!; t < offers.targetStart[o + 1]!; t++) miss *= 1 - monthlyPropensity(world, i, offers.targetCategory[t]!, day);
        pool.push({ o, score: 1 - miss });
      }
      pool.sort((a, b) => b.score - a.score || a.o - b.o);
      for (const p of pool) if (chosen.length < 2 && !chosen.includes(p.o)) chosen.push(p.o);
      for (let j = 0; j < 2; j++) {
        const o = rng.choice(targeted);
        if (!chosen.includes(o)) chosen.push(o);
      }
      if (generic.length > 0 && rng.bernoulli(0.3)) chosen.push(rng.choice(generic));
      for (const o of chosen) {
        const p = simulator.probabilityAt(i, o, day);
        out.push({
          customer: record.id as string,
          offer: offers.ids[o]!,
          campaign: campaignIds[k]!,
          date: campaignDates[k]!,
          channel: 'mail',
          redeemed: hashUnit(mixSeed(streamSeed, 1000 + k), i, o) < p,
        });
      }
    }
  }
  return out;
}
