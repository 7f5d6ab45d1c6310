// Regression (issue "Every printed mailer obeys every rule"): discoveryShare reserved its slots only
// when a not-yet-bought offer already reached the customer's top K, so 20% asked gave 0.4% of slots.
import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign.js';
import { Cell } from '../../src/measure/assignCells.js';
import { PlacementReason } from '../../src/select/mailerPlan.js';
import { smallRetailer } from './fixtures.js';

function discoveryShareOf(run: Awaited<ReturnType<typeof runCampaign>>): { share: number; mailers: number } {
  const { plan } = run;
  let targetedSlots = 0;
  let discovery = 0;
  let mailers = 0;
  for (let c = 0; c < plan.customerCount; c++) {
    if (run.cells[c] !== Cell.targeted) continue;
    let any = false;
    for (let j = 0; j < plan.count[c]!; j++) {
      const r = plan.reason[c * plan.stride + j]!;
      if (r === PlacementReason.targeted || r === PlacementReason.discovery) {
        targetedSlots++;
        any = true;
      }
      if (r === PlacementReason.discovery) discovery++;
    }
    if (any) mailers++;
  }
  return { share: discovery / targetedSlots, mailers };
}

describe('discovery share', () => {
  it('runCampaign({ discoveryShare }) fills the reserved slots with not-yet-bought offers: 1 of 6 slots at 0.2, 2 of 6 at 0.34', async () => {
    const data = await smallRetailer();
    const none = discoveryShareOf(await runCampaign({ name: 'discovery', seed: 5, slots: 6, discoveryShare: 0 }, data));
    for (const [share, reserved] of [[0.2, 1], [0.34, 2]] as const) {
      const run = await runCampaign({ name: 'discovery', seed: 5, slots: 6, discoveryShare: share }, data);
      const got = discoveryShareOf(run);
      console.log(`discoveryShare ${share}: ${(100 * got.share).toFixed(1)}% of targeted slots (none reserved: ${(100 * none.share).toFixed(1)}%)`);
      expect(got.mailers).toBeGreaterThan(500);
      // Not every mailer has an eligible not-yet-bought offer of positive value, but nearly all do.
      expect(got.share).toBeGreaterThan(0.8 * (reserved / 6));
      expect(got.share).toBeLessThan(1.2 * (reserved / 6));
    }
    // Without a reserve, discovery offers win a slot only on their value: far fewer.
    expect(none.share).toBeLessThan(0.5 * (1 / 6));
  });
});
