import { describe, expect, it } from 'vitest';
import { AUDIT_RULES, auditPlan, auditSummaryLine, formatViolation, type AuditOptions, type AuditRule, type PrintedMailer } from '../../../src/assemble/audit/index.js';
import type { CampaignConfigInput } from '../../../src/schema/campaignConfig.js';
import { cleanMailers, DAY, entry, plant, replaceAt, tinyConfig, tinyData } from './fixtures.js';

let data: Awaited<ReturnType<typeof tinyData>>;

/** The rules the audit finds broken on the tiny data set, with their counts. */
function broken(mailers: readonly PrintedMailer[], config: CampaignConfigInput = {}, options: AuditOptions = {}): Partial<Record<AuditRule, number>> {
  const result = auditPlan({ data, config: tinyConfig(config), mailers }, options);
  const out: Partial<Record<AuditRule, number>> = {};
  for (const rule of AUDIT_RULES) if (result.counts[rule] > 0) out[rule] = result.counts[rule];
  return out;
}

interface Plant {
  readonly rule: AuditRule;
  readonly what: string;
  readonly mailers: (clean: PrintedMailer[]) => PrintedMailer[];
  readonly config?: CampaignConfigInput;
  readonly options?: AuditOptions;
  /** Violations expected (default 1). */
  readonly count?: number;
}

const PLANTS: readonly Plant[] = [
  { rule: 'unknownCustomer', what: 'a mailer for a customer not in the data', mailers: (m) => [...m, { customer: 'C-NOPE', entries: [entry('G1', 'generic')] }] },
  { rule: 'unknownOffer', what: 'an offer id not in the data', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-NOPE' }) },
  { rule: 'duplicateMailer', what: 'a second mailer for C9', mailers: (m) => [...m, { customer: 'C9', entries: [entry('G1', 'generic')] }] },
  { rule: 'holdout', what: 'a mailer for a holdout customer', mailers: () => [{ customer: 'C2', entries: [entry('G1', 'generic')] }], config: { holdoutShare: 1 } },
  { rule: 'control', what: 'a targeted offer on a control mailer', mailers: () => [{ customer: 'C2', entries: [entry('O-MILK'), entry('G1', 'generic')] }], config: { controlShare: 1 } },
  // Both the mailer's channel and the offer's (mail) lack consent.
  { rule: 'channelConsent', what: 'a mailer for a customer without mail consent', mailers: (m) => [...m, { customer: 'C5', entries: [entry('G1', 'generic')] }], count: 2 },
  { rule: 'channelConsent', what: 'an email offer for a customer without email consent', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-EMAIL' }) },
  { rule: 'maxMailings', what: 'a mailer for a customer with 4 mailings in the window', mailers: (m) => [...m, { customer: 'C7', entries: [entry('G1', 'generic')] }] },
  { rule: 'repeatCooldown', what: 'an offer sent to the customer 10 days ago', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-MILK' }) },
  { rule: 'redeemedCooldown', what: 'an offer the customer redeemed 10 days ago', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-COFFEE' }) },
  { rule: 'profilingOptOut', what: 'a targeted placement for an opted-out customer', mailers: (m) => replaceAt(m, 'C4', 2, { offer: 'O-MILK', placement: 'targeted' }) },
  { rule: 'profilingOptOut', what: 'a cross-sell offer placed as fallback for an opted-out customer', mailers: (m) => replaceAt(m, 'C4', 2, { offer: 'O-MILK' }) },
  { rule: 'validity', what: 'an expired offer', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-OLD' }) },
  { rule: 'region', what: 'a north-only offer for a south customer', mailers: (m) => replaceAt(m, 'C3', 4, { offer: 'O-NORTH' }) },
  { rule: 'store', what: 'an s1-only offer for an s2 customer', mailers: (m) => replaceAt(m, 'C3', 4, { offer: 'O-STORE' }) },
  { rule: 'segment', what: 'a vip-only offer for a customer without segment', mailers: (m) => replaceAt(m, 'C3', 4, { offer: 'O-SEG' }) },
  { rule: 'optedOutCategory', what: 'an offer on a category the customer opted out of', mailers: (m) => replaceAt(m, 'C6', 2, { offer: 'O-OPTOUT' }) },
  { rule: 'minSpend', what: 'a minSpend 20 offer for a customer who spent 5', mailers: (m) => replaceAt(m, 'C3', 4, { offer: 'O-RICH' }) },
  { rule: 'maxSpend', what: 'a maxSpend 20 offer for a customer who spent 50', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-POOR' }) },
  { rule: 'neverBought', what: 'an acquisition offer for a customer who bought its category', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-NEW' }) },
  { rule: 'notBought', what: 'a retention offer for a customer who never bought its category', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-LOYAL' }) },
  { rule: 'lapsed', what: 'a win-back offer for a customer who bought 5 days ago', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-WINBACK' }) },
  { rule: 'duplicate', what: 'the same offer twice', mailers: (m) => replaceAt(m, 'C6', 2, { offer: 'O-SEG' }) },
  { rule: 'slots', what: 'a fifth offer outside genericOffers', mailers: (m) => plant(m, 'C1', (x) => [...x.slice(0, 4), entry('O-SOAP'), ...x.slice(4)]) },
  { rule: 'diversity', what: 'two pasta offers', mailers: (m) => replaceAt(m, 'C1', 3, { offer: 'O-PASTA2' }) },
  { rule: 'department', what: 'a third food offer', mailers: (m) => replaceAt(m, 'C1', 4, { offer: 'O-CHEESE' }) },
  { rule: 'sensitiveConsent', what: 'a targeted sensitive offer for a customer without consent', mailers: (m) => replaceAt(m, 'C2', 2, { placement: 'discovery' }) },
  { rule: 'sensitiveConsent', what: 'cover for a customer without consent when allowCover is false', mailers: (m) => m, config: { privacy: { allowCover: false } }, count: 2 },
  { rule: 'sensitiveFirst', what: 'a sensitive offer in position 1', mailers: (m) => plant(m, 'C1', (x) => [x[1]!, x[0]!, ...x.slice(2)]) },
  { rule: 'sensitiveAlone', what: 'a sensitive offer with one unrelated offer', mailers: (m) => plant(m, 'C2', (x) => x.slice(0, 2)) },
  { rule: 'sensitiveAlone', what: 'a sensitive offer whose other offers include one of its own department', mailers: (m) => replaceAt(m, 'C2', 1, { offer: 'O-WIPES' }) },
  { rule: 'tau', what: 'a second in-segment recipient of the sensitive offer and one cover fewer', mailers: (m) => replaceAt(m, 'C9', 2, { placement: 'targeted' }).filter((x) => x.customer !== 'C2') },
  { rule: 'kAnonymity', what: 'a mailer content printed once', mailers: () => [{ customer: 'C2', entries: [entry('G1', 'generic')] }, { customer: 'C8', entries: [entry('G1', 'generic')] }, { customer: 'C9', entries: [entry('G2', 'fallback')] }], config: { privacy: { kAnonymity: 2 } } },
  { rule: 'capacity', what: 'a second recipient of a capacity-1 offer', mailers: (m) => plant(m, 'C9', (x) => [...x.slice(0, 3), entry('O-PASTA'), ...x.slice(3)]) },
  { rule: 'budget', what: 'p x cost over the offer budget', mailers: (m) => replaceAt(m, 'C9', 1, { p: 0.35 }) },
  { rule: 'campaignBudget', what: 'a campaign budget below the expected cost', mailers: (m) => m, options: { campaignBudget: 2 } },
  { rule: 'propensity', what: 'a p outside [0, 1]', mailers: (m) => replaceAt(m, 'C6', 1, { p: 1.5 }) },
  { rule: 'propensity', what: 'a p that is not a number', mailers: (m) => replaceAt(m, 'C6', 1, { p: Number.NaN }) },
  { rule: 'day', what: 'a run day other than the config date', mailers: (m) => m, options: { day: DAY + 1 } },
];

describe('auditPlan', () => {
  it('auditPlan(input) passes the clean fixture mailing and reports every rule at zero', async () => {
    data = await tinyData();
    const result = auditPlan({ data, config: tinyConfig(), mailers: cleanMailers() }, { campaignBudget: 10 });
    expect(result.violations.map(formatViolation)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.day).toBe(DAY);
    expect(result.notChecked).toEqual([]);
    expect(result.checked).toEqual({ customers: 9, mailers: 7, entries: 26 });
    expect(Object.keys(result.counts)).toEqual([...AUDIT_RULES]);
    expect(auditSummaryLine(result)).toBe('audit            7 mailers, 26 offer lines: 0 violation(s)');
  });

  for (const p of PLANTS) {
    it(`auditPlan(input) reports a planted ${p.rule}: ${p.what}`, async () => {
      data = await tinyData();
      const found = broken(p.mailers(cleanMailers()), p.config, p.options);
      expect(found).toEqual({ [p.rule]: p.count ?? 1 });
    });
  }

  it('auditPlan(input) keys diversity by config.diversityKey: pasta offers differ by subcategory, Bella offers share a brand', async () => {
    data = await tinyData();
    // O-PASTA keys on category pasta, O-PASTA2 on subcategory pasta/fresh: no clash by subcategory.
    const twoPasta = replaceAt(cleanMailers(), 'C1', 3, { offer: 'O-PASTA2' });
    expect(broken(twoPasta, { diversityKey: 'subcategory' })).toEqual({});
    expect(broken(twoPasta, { diversityKey: 'category' })).toEqual({ diversity: 1 });
    // O-PASTA2 (product of brand Bella) and O-BELLA (brand Bella) clash by brand only; O-BELLA's department is food (pasta comes first).
    const bella = replaceAt(replaceAt(cleanMailers(), 'C1', 3, { offer: 'O-PASTA2' }), 'C1', 1, { offer: 'O-BELLA' });
    expect(broken(bella, { diversityKey: 'brand' })).toEqual({ diversity: 1 });
    // By subcategory O-PASTA2 keys on pasta/fresh and O-BELLA (no target product) on its category pasta: no clash.
    expect(broken(bella, { diversityKey: 'subcategory' })).toEqual({});
    expect(broken(replaceAt(cleanMailers(), 'C1', 4, { offer: 'O-BELLA' }), { diversityKey: 'brand' })).toEqual({ department: 1 });
  });

  it('auditPlan(input) counts mailings per campaign, and per day for campaign-less contacts, over day - windowDays <= d < day', async () => {
    data = await tinyData();
    // C8 has 3 mailings in the window: a 4th is allowed under maxMailings 4, not under 3.
    expect(broken(cleanMailers())).toEqual({});
    expect(broken(cleanMailers(), { contactPolicy: { maxMailings: 3 } })).toEqual({ maxMailings: 1 }); // C8 (C1 has 1)
    expect(broken(cleanMailers(), { contactPolicy: { maxMailings: 3, windowDays: 89 } })).toEqual({});
  });

  it('auditPlan(input) reads only history before the campaign day: a line on the day does not count as spend', async () => {
    data = await tinyData();
    // C3 spent 5 before the day and 1000 on it; O-POOR (maxSpend 20) is fine, O-RICH (minSpend 20) is not.
    expect(broken(cleanMailers())).toEqual({});
    expect(broken(replaceAt(cleanMailers(), 'C3', 4, { offer: 'O-RICH' }))).toEqual({ minSpend: 1 });
  });

  it('auditPlan(input) checks sensitive tags from config.privacy.sensitiveTags, every tag when the list is empty', async () => {
    data = await tinyData();
    const vitaminFirst = replaceAt(cleanMailers(), 'C6', 1, { offer: 'O-VIT' });
    expect(broken(vitaminFirst)).toMatchObject({ sensitiveFirst: 1 });
    expect(broken(vitaminFirst, { privacy: { sensitiveTags: ['baby'] } })).toEqual({});
    expect(broken(vitaminFirst, { privacy: { sensitiveTags: ['health'] } })).toMatchObject({ sensitiveFirst: 1 });
  });

  it('auditPlan(input) lists budget and campaignBudget as not checked when a p(redeem) is unknown, unless fallbackPropensity covers it', async () => {
    data = await tinyData();
    const noP = cleanMailers().map((m) => ({ customer: m.customer, entries: m.entries.map((x) => ({ ...x, p: undefined })) }));
    const result = auditPlan({ data, config: tinyConfig(), mailers: noP }, { campaignBudget: 0 });
    expect(result.ok).toBe(true);
    expect(result.notChecked).toEqual(['budget', 'campaignBudget']);
    expect(auditSummaryLine(result)).toBe('audit            7 mailers, 26 offer lines: 0 violation(s); not checked: budget, campaignBudget');
    // Generic-only mailers with the fallback p: checked, and over a campaign budget of 0.
    const generic = [{ customer: 'C2', entries: [{ offer: 'G1', placement: 'generic' as const, p: undefined }] }];
    const covered = auditPlan({ data, config: tinyConfig(), mailers: generic }, { campaignBudget: 0, fallbackPropensity: 0.05 });
    expect(covered.notChecked).toEqual([]);
    expect(covered.counts.campaignBudget).toBe(1);
  });

  it('auditPlan(input) counts every violation but keeps maxViolations of them', async () => {
    data = await tinyData();
    const result = auditPlan({ data, config: tinyConfig({ holdoutShare: 1 }), mailers: cleanMailers() }, { maxViolations: 3 });
    expect(result.counts.holdout).toBe(7);
    expect(result.violations).toHaveLength(3);
    expect(result.ok).toBe(false);
    expect(formatViolation(result.violations[0]!)).toBe('violation holdout customer C1: customer is in the holdout cell but has a mailer of 5 offer(s)');
    expect(() => auditPlan({ data, config: tinyConfig(), mailers: [] }, { maxViolations: -1 })).toThrow(RangeError);
  });

  it('auditPlan(input) counts the problems passed in with the rest', async () => {
    data = await tinyData();
    const result = auditPlan({ data, config: tinyConfig(), mailers: cleanMailers(), problems: [{ rule: 'manifest', detail: 'offers.csv: sha256 differs' }] });
    expect(result.ok).toBe(false);
    expect(result.counts.manifest).toBe(1);
    expect(formatViolation(result.violations[0]!)).toBe('violation manifest: offers.csv: sha256 differs');
  });

  it('auditPlan(input) leaves its inputs untouched', async () => {
    data = await tinyData();
    const mailers = cleanMailers();
    const config = tinyConfig();
    const before = JSON.stringify({ mailers, config });
    auditPlan({ data, config, mailers: replaceAt(mailers, 'C1', 2, { offer: 'O-PASTA' }) });
    expect(JSON.stringify({ mailers, config })).toBe(before);
  });

  it('auditPlan(input) throws a TypeError for a config date that is not a date', async () => {
    data = await tinyData();
    expect(() => auditPlan({ data, config: { ...tinyConfig(), date: '2024-02-30' }, mailers: [] })).toThrow(TypeError);
  });
});
