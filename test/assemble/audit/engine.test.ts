// The acceptance test of the issue: every mailer runCampaign prints obeys every rule, as the audit
// (its own plain implementation of each rule) checks it, over a range of configs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditPlan, formatViolation, PLACEMENT_NAMES, printedPlanOf, type AuditRule } from '../../../src/assemble/audit/index.js';
import { runCampaign } from '../../../src/campaign.js';
import { PlacementReason } from '../../../src/select/mailerPlan.js';
import { smallRetailer } from '../../campaign/fixtures.js';
import { ingest } from '../../../src/ingest/index.js';
import { generateRetailer } from '../../../src/synth/index.js';
import { PurchaseReader } from '../../../src/assemble/audit/purchaseHistory.js';

const SEED = Number(process.env.FC_SEED ?? 20_250_612);

const broken = (counts: Record<AuditRule, number>): Partial<Record<AuditRule, number>> => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('auditPlan on runCampaign', () => {
  it('printedPlanOf(plan, data) names placements in the order of the PlacementReason codes', () => {
    for (const [name, code] of Object.entries(PlacementReason)) expect(PLACEMENT_NAMES[code]).toBe(name);
    expect(PLACEMENT_NAMES).toHaveLength(Object.keys(PlacementReason).length);
  });

  it('printedPlanOf(plan, data) lists every customer with entries, offers in print order, p from plan.propensity', async () => {
    const data = await smallRetailer();
    const run = await runCampaign({ name: 'audit-engine', seed: 3, slots: 4 }, data);
    const mailers = printedPlanOf(run.plan, run.data);
    const { plan } = run;
    let mailed = 0;
    for (let c = 0; c < plan.customerCount; c++) if (plan.count[c]! > 0) mailed++;
    expect(mailers).toHaveLength(mailed);
    const first = mailers[0]!;
    const c = data.customers.ids.get(first.customer);
    expect(first.entries.map((e) => e.offer)).toEqual(Array.from({ length: plan.count[c]! }, (_, j) => data.offers.ids.id(plan.offer[c * plan.stride + j]!)));
    const propensity = (plan as { propensity?: Float32Array }).propensity;
    expect(first.entries[0]!.p).toBe(propensity?.[c * plan.stride]);
    expect(() => printedPlanOf({ ...plan, customerCount: plan.customerCount - 1 }, data)).toThrow(RangeError);
  });

  it('auditPlan(printedPlanOf(run.plan)) finds no violation in runCampaign mailings over a range of configs', async () => {
    const data = await smallRetailer();
    const generic = data.offers.records.filter((o) => o.kind === 'generic').map((o) => o.id);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1000 }),
          slots: fc.integer({ min: 2, max: 7 }),
          genericOffers: fc.integer({ min: 0, max: Math.min(2, generic.length) }),
          diversityKey: fc.constantFrom('category', 'subcategory', 'brand'),
          maxPerDepartment: fc.integer({ min: 1, max: 3 }),
          decoys: fc.integer({ min: 0, max: 3 }),
          tau: fc.constantFrom(0.3, 0.5, 0.8),
          kAnonymity: fc.constantFrom(1, 1, 3),
          allowCover: fc.boolean(),
          sensitiveTags: fc.constantFrom<string[]>([], ['baby'], ['health']),
        }),
        async (s) => {
          const config = {
            name: 'audit-engine',
            seed: s.seed,
            slots: s.slots,
            topK: 12,
            genericOffers: generic.slice(0, s.genericOffers),
            diversityKey: s.diversityKey,
            maxPerDepartment: s.maxPerDepartment,
            privacy: { decoys: s.decoys, tau: s.tau, kAnonymity: s.kAnonymity, allowCover: s.allowCover, sensitiveTags: s.sensitiveTags },
          };
          const run = await runCampaign(config, data);
          const result = auditPlan({ data: run.data, config: run.config, mailers: printedPlanOf(run.plan, run.data) });
          expect(broken(result.counts), `${JSON.stringify(config)}\n${result.violations.slice(0, 10).map(formatViolation).join('\n')}`).toEqual({});
        },
      ),
      { numRuns: 6, seed: SEED },
    );
  });

  it('auditPlan(input) gives the same result on a data set whose lines were spilled to part files', async () => {
    const r = generateRetailer({ customers: 600, offers: 120, seed: 12 });
    const records = () => ({ products: r.products, customers: r.customers, offers: r.offers, transactions: r.transactions(), contacts: r.contacts });
    const memory = await ingest(records());
    const spilled = await ingest(records(), { spill: { partCustomers: 97 } });
    expect(spilled.transactions.parts).toBeDefined();
    const run = await runCampaign({ name: 'audit-spill', seed: 4, slots: 5, privacy: { sensitiveTags: [] } }, memory);
    const mailers = printedPlanOf(run.plan, run.data);
    const inMemory = auditPlan({ data: memory, config: run.config, mailers });
    const onDisk = auditPlan({ data: spilled, config: run.config, mailers });
    expect(onDisk.counts).toEqual(inMemory.counts);
    expect(onDisk.ok).toBe(true);
    // The spend and history the rules read are the same, customer by customer, from the part files.
    const day = inMemory.day;
    const fromMemory = new PurchaseReader(memory, day);
    const fromDisk = new PurchaseReader(spilled, day);
    let withLines = 0;
    for (let c = 0; c < memory.customers.ids.size; c++) {
      const a = fromMemory.read(c);
      const b = fromDisk.read(c);
      expect(b.spend).toBe(a.spend);
      expect([...b.lastBought].sort()).toEqual([...a.lastBought].sort());
      if (a.lastBought.size > 0) withLines++;
    }
    expect(withLines).toBeGreaterThan(500);
  });

  it('auditPlan(input) finds a duplicate planted into a runCampaign mailing', async () => {
    const data = await smallRetailer();
    const run = await runCampaign({ name: 'audit-engine', seed: 9, slots: 4 }, data);
    const mailers = printedPlanOf(run.plan, run.data);
    const i = mailers.findIndex((m) => m.entries.length >= 2);
    const planted = mailers.map((m, k) => (k === i ? { ...m, entries: [...m.entries.slice(0, -1), m.entries[0]!] } : m));
    const result = auditPlan({ data: run.data, config: run.config, mailers: planted });
    expect(result.counts.duplicate).toBe(1);
    expect(result.violations.find((v) => v.rule === 'duplicate')?.customer).toBe(mailers[i]!.customer);
  });
});
