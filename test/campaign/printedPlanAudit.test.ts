// Issue "Every printed mailer obeys every rule": the final plan of runCampaign, under tight
// capacities and budgets, many sensitive offers, k-anonymity and small tau, passes the independent
// audit; and the counts the audit relies on are checked here once more by the plainest loop.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditPlan, formatViolation, printedPlanOf } from '../../src/assemble/audit/index.js';
import { runCampaign } from '../../src/campaign.js';
import { ingest, type Dataset } from '../../src/ingest/index.js';
import { Cell } from '../../src/measure/assignCells.js';
import { sensitiveOfferMask } from '../../src/protect/sensitiveOffers.js';
import { PlacementReason } from '../../src/select/mailerPlan.js';
import { generateRetailer } from '../../src/synth/index.js';
import { createRandom } from '../../src/lib/random.js';

const SEED = Number(process.env.FC_SEED ?? 20_261_208);

/** A synthetic retailer whose offers carry tight capacities (2-6% of customers) and budgets, and whose customers mostly consent to sensitive offers, drawn from `seed`. */
async function tightRetailer(seed: number): Promise<Dataset> {
  const r = generateRetailer({ customers: 900, offers: 160, seed });
  const rng = createRandom(seed * 7 + 1);
  const offers = r.offers.map((o) => {
    if (o.kind === 'generic') return rng.next() < 0.5 ? { ...o, capacity: Math.round(900 * 0.3) } : o;
    const x = rng.next();
    if (x < 0.5) return { ...o, capacity: 18 + Math.floor(rng.next() * 36) };
    if (x < 0.7) return { ...o, budget: 0.5 + rng.next() * 4 };
    return o;
  });
  // Most customers consent to sensitive offers, so the segment, its cover and its decoys are large.
  const customers = r.customers.map((c) => ({ ...c, consentSensitive: rng.next() < 0.8 }));
  return ingest({ products: r.products, customers, offers, transactions: r.transactions(), contacts: r.contacts });
}

describe('runCampaign final plan', () => {
  it('runCampaign(config, data).plan passes auditPlan under tight capacities, budgets, many sensitive offers, k > 1 and small tau (fast-check)', async () => {
    console.log(`printedPlanAudit: fast-check seed ${SEED}`);
    const worlds = new Map<number, Promise<Dataset>>();
    let sensitiveMailed = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          world: fc.constantFrom(3, 4),
          seed: fc.integer({ min: 1, max: 10_000 }),
          slots: fc.integer({ min: 3, max: 7 }),
          maxPerDepartment: fc.integer({ min: 1, max: 2 }),
          discoveryShare: fc.constantFrom(0, 0.2, 0.5),
          decoys: fc.integer({ min: 1, max: 5 }),
          tau: fc.constantFrom(0.2, 0.3, 0.5),
          kAnonymity: fc.constantFrom(1, 3, 5),
          campaignBudget: fc.constantFrom(undefined, 40, 150),
        }),
        async (s) => {
          if (!worlds.has(s.world)) worlds.set(s.world, tightRetailer(s.world));
          const data = await worlds.get(s.world)!;
          const generic = data.offers.records.filter((o) => o.kind === 'generic').map((o) => o.id);
          const config = {
            name: 'tight',
            seed: s.seed,
            slots: s.slots,
            topK: 12,
            genericOffers: generic.slice(0, 1),
            maxPerDepartment: s.maxPerDepartment,
            discoveryShare: s.discoveryShare,
            privacy: { decoys: s.decoys, tau: s.tau, kAnonymity: s.kAnonymity, sensitiveTags: [] },
          };
          const run = await runCampaign(config, data, s.campaignBudget === undefined ? {} : { select: { campaignBudget: s.campaignBudget } });
          const result = auditPlan(
            { data: run.data, config: run.config, mailers: printedPlanOf(run.plan, run.data) },
            s.campaignBudget === undefined ? {} : { campaignBudget: s.campaignBudget },
          );
          expect(result.notChecked).toEqual([]);
          expect(result.violations.map(formatViolation), JSON.stringify(s)).toEqual([]);

          // The same invariants by the plainest loop: capacity, sensitive never alone nor first, control generic-only.
          const { plan } = run;
          const sensitive = sensitiveOfferMask(data, []);
          const used = new Int32Array(data.offers.ids.size);
          let sensitiveMailers = 0;
          for (let c = 0; c < plan.customerCount; c++) {
            const row = Array.from({ length: plan.count[c]! }, (_, j) => ({ o: plan.offer[c * plan.stride + j]!, r: plan.reason[c * plan.stride + j]! }));
            for (const e of row) used[e.o]!++;
            if (run.cells[c] === Cell.control) for (const e of row) expect([PlacementReason.fallback, PlacementReason.generic]).toContain(e.r);
            if (row.some((e) => sensitive[e.o] === 1)) {
              sensitiveMailers++;
              expect(sensitive[row[0]!.o]).toBe(0);
              expect(row.filter((e) => sensitive[e.o] === 0).length).toBeGreaterThanOrEqual(s.decoys);
            }
          }
          for (let o = 0; o < used.length; o++) expect(used[o]).toBeLessThanOrEqual(data.offers.capacity[o]!);
          sensitiveMailed += sensitiveMailers;
          runs++;
        },
      ),
      { seed: SEED, numRuns: 10 },
    );
    // The property is about something: these worlds do mail sensitive offers (tau and budgets may withdraw them in some runs).
    expect(sensitiveMailed / runs).toBeGreaterThan(5);
  }, 240_000);

  it('traceFor(selection, c, { printed: run }) describes the printed mailer, with what masking changed', async () => {
    const data = await tightRetailer(3);
    const run = await runCampaign({ name: 'trace', seed: 2, slots: 5, privacy: { sensitiveTags: [], decoys: 2, tau: 0.3 } }, data);
    const { traceFor } = await import('../../src/select/decisionTrace.js');
    let changed = 0;
    for (let c = 0; c < run.plan.customerCount; c++) {
      const t = traceFor(run.selection, c, { printed: run });
      expect(t.mailer.map((m) => m.offer)).toEqual(Array.from({ length: run.plan.count[c]! }, (_, j) => data.offers.ids.id(run.plan.offer[c * run.plan.stride + j]!)));
      // Replaying the changes on the selection's mailer gives the printed offers (as a set).
      const offers = new Set(Array.from({ length: run.selection.plan.count[c]! }, (_, j) => data.offers.ids.id(run.selection.plan.offer[c * run.selection.plan.stride + j]!)));
      for (const x of t.changes) {
        if (x.action === 'removed') expect(offers.delete(x.offer)).toBe(true);
        else offers.add(x.offer);
      }
      expect([...offers].sort()).toEqual(t.mailer.map((m) => m.offer).sort());
      if (t.changes.length > 0) changed++;
    }
    expect(changed).toBeGreaterThan(0);
  }, 60_000);
});

