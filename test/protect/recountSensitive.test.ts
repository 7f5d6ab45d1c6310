import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign.js';
import { ingest } from '../../src/ingest/index.js';
import { PlacementReason } from '../../src/select/mailerPlan.js';
import { generateRetailer } from '../../src/synth/index.js';

async function smallRun(kAnonymity: number) {
  const shop = generateRetailer({ customers: 800, offers: 300, seed: 5 });
  const data = await ingest({ products: shop.products, customers: shop.customers, offers: shop.offers, transactions: shop.transactions(), contacts: shop.contacts });
  return runCampaign({ seed: 5, privacy: { sensitiveTags: ['baby', 'health'], tau: 0.5, kAnonymity } }, data);
}

describe('recountSensitive', () => {
  it('runCampaign(config, data).privacy equals the masking report when k-anonymity changes nothing (k = 1)', async () => {
    const run = await smallRun(1);
    expect(run.masking.report.length).toBeGreaterThan(0);
    expect(run.privacy).toEqual(run.masking.report);
  });

  it('runCampaign(config, data).privacy counts the final plan after k-anonymity (k = 5), by a plain per-offer recount', async () => {
    const run = await smallRun(5);
    const plan = run.plan;
    for (const r of run.privacy) {
      let inSegment = 0;
      let cover = 0;
      let recipients = 0;
      for (let c = 0; c < plan.customerCount; c++) {
        for (let j = 0; j < plan.count[c]!; j++) {
          if (plan.offer[c * plan.stride + j] !== r.offer) continue;
          recipients++;
          const reason = plan.reason[c * plan.stride + j];
          if (reason === PlacementReason.targeted || reason === PlacementReason.discovery) inSegment++;
          if (reason === PlacementReason.cover) cover++;
        }
      }
      expect({ offer: r.offerId, inSegment: r.inSegment, cover: r.cover, recipients: r.recipients }).toEqual({ offer: r.offerId, inSegment, cover, recipients });
      expect(r.met).toBe(inSegment === 0 || inSegment <= run.config.privacy.tau * recipients + 1e-9);
      expect(r.met).toBe(true);
    }
  });
});
