import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromCompleteJourney, readCsvGz, type CompleteJourney } from '../../../src/completejourney/index.js';
import { ingest, type Dataset } from '../../../src/ingest/index.js';
import { InvalidRecordError } from '../../../src/schema/index.js';

const DIR = join(import.meta.dirname, '../../../examples/data/completejourney');
const TX = join(DIR, 'transactions_sample.csv.gz');

let cj: CompleteJourney;
let data: Dataset;
let rawTx: Record<string, string>[];

beforeAll(async () => {
  cj = await fromCompleteJourney(DIR);
  data = await ingest(cj.sources, { onInvalid: 'collect' });
  rawTx = [];
  for await (const r of readCsvGz(TX, [])) rawTx.push(r);
  // About 6 s on an idle 2-core machine; the margin is for a machine shared with other jobs.
}, 60_000);

describe('fromCompleteJourney(dir) on the copied data', () => {
  it('fromCompleteJourney(dir) reads every row the data README lists', () => {
    expect(cj.summary.rows).toEqual({
      products: 92_346,
      demographics: 801,
      transactions: 75_000,
      campaignDescriptions: 27,
      campaignRecipients: 6_589,
      couponRows: 116_204,
      redemptions: 820,
    });
    expect(cj.campaigns).toHaveLength(27);
    expect(cj.redemptions).toHaveLength(820);
    expect(cj.campaigns.reduce((s, c) => s + c.recipients.length, 0)).toBe(6_589);
  });

  it('ingest(cj.sources) accepts every product, customer, offer and contact', () => {
    const { counts } = data.report;
    expect(counts.products).toEqual({ read: 92_346, accepted: 92_346, rejected: 0 });
    expect(counts.customers).toEqual({ read: cj.summary.households, accepted: cj.summary.households, rejected: 0 });
    expect(counts.offers).toEqual({ read: cj.summary.offers, accepted: cj.summary.offers, rejected: 0 });
    expect(counts.contacts).toEqual({ read: 6_589 + 820, accepted: 6_589 + 820, rejected: 0 });
    expect(data.transactions.length).toBe(counts.transactions.accepted);
    // Every coupon (campaign, upc) keeps at least one catalog product; 16 coupon rows name unknown products.
    expect(cj.summary.couponsWithoutCatalogProducts).toBe(0);
    expect(cj.summary.couponProductsNotInCatalog).toBe(16);
  });

  it('ingest(cj.sources) rejects exactly the quantity-0 lines and the one line with an unknown product, citing file rows', () => {
    const zeroRows: number[] = [];
    const catalog = new Set(cj.sources.products.records.map((p) => p.id));
    const unknownRows: number[] = [];
    rawTx.forEach((r, i) => {
      if (Number(r.quantity) === 0) zeroRows.push(i + 1);
      if (!catalog.has(r.product_id)) unknownRows.push(i + 1);
    });
    expect(zeroRows).toHaveLength(416);
    expect(unknownRows).toHaveLength(1);

    const { counts, rejects } = data.report;
    expect(counts.transactions).toEqual({ read: 75_000, accepted: 75_000 - 417, rejected: 417 });
    expect(rejects).toHaveLength(417);
    expect(rejects.every((r) => r.source === TX)).toBe(true);
    const quantity = rejects.filter((r) => r.field === 'quantity');
    expect(quantity.map((r) => r.row)).toEqual(zeroRows);
    expect(quantity.every((r) => r.value === 0)).toBe(true);
    const product = rejects.filter((r) => r.field === 'product');
    expect(product).toEqual([
      { source: TX, row: unknownRows[0], field: 'product', reason: 'unknown product id; not in products', value: rawTx[unknownRows[0]! - 1]!.product_id },
    ]);
  });

  it('fromCompleteJourney(dir) maps a transaction line: spend = sales_value, discount = the three discounts, date from the timestamp', async () => {
    const r = rawTx[0]!;
    for await (const t of cj.sources.transactions.records) {
      expect(t).toEqual({
        customer: r.household_id,
        product: r.product_id,
        date: r.transaction_timestamp,
        basket: r.basket_id,
        quantity: Number(r.quantity),
        spend: Number(r.sales_value),
        discount: Number(r.retail_disc) + Number(r.coupon_disc) + Number(r.coupon_match_disc),
      });
      break;
    }
  });

  it('fromCompleteJourney(dir) streams transactions anew on every iteration', async () => {
    let n = 0;
    for await (const _ of cj.sources.transactions.records) n++;
    expect(n).toBe(75_000);
  });

  it('fromCompleteJourney(dir) prices a product at the median shelf price of its lines and sets the most frequent store', () => {
    const lines = new Map<string, number[]>();
    const visits = new Map<string, Map<string, number>>();
    for (const r of rawTx) {
      const q = Number(r.quantity);
      if (q > 0) lines.set(r.product_id, [...(lines.get(r.product_id) ?? []), (Number(r.sales_value) + Number(r.retail_disc) + Number(r.coupon_match_disc)) / q]);
      const v = visits.get(r.household_id) ?? new Map<string, number>();
      v.set(r.store_id, (v.get(r.store_id) ?? 0) + 1);
      visits.set(r.household_id, v);
    }
    const products = cj.sources.products.records;
    const byId = new Map(products.map((p) => [p.id, p.price]));
    // One priced product (the line with an unknown product) is not in the catalog.
    expect(cj.summary.productsPriced).toBe([...lines.keys()].filter((id) => byId.has(id)).length);
    // Products with an even and an odd number of lines, checked against a slow sort-and-pick median.
    const many = [...lines].filter(([, v]) => v.length >= 3);
    const checked = [...many.filter(([, v]) => v.length % 2 === 0).slice(0, 10), ...many.filter(([, v]) => v.length % 2 === 1).slice(0, 10)];
    expect(checked.length).toBe(20);
    for (const [id, v] of checked) {
      const s = [...v].sort((a, b) => a - b);
      const m = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
      expect(byId.get(id)).toBeCloseTo(m, 10);
    }
    expect(products.filter((p) => !lines.has(String(p.id))).every((p) => p.price === 0)).toBe(true);

    const customers = cj.sources.customers.records;
    for (const c of customers.slice(0, 200)) {
      const v = visits.get(String(c.id));
      expect(c.region).toBe('all');
      if (v === undefined) expect(c.store).toBe('store-unknown');
      else expect(v.get(String(c.store).slice('store-'.length))).toBe(Math.max(...v.values()));
    }
  });

  it('fromCompleteJourney(dir) gives campaigns 8 and 27 (Type A) recipients, coupons and redemptions', () => {
    for (const id of ['8', '27']) {
      const c = cj.campaigns.find((x) => x.id === id)!;
      expect(c.type).toBe('A');
      expect(c.recipients.length).toBeGreaterThan(300);
      expect(c.offers.length).toBeGreaterThan(150);
      const red = cj.redemptions.filter((r) => r.campaign === id);
      expect(red.length).toBeGreaterThan(50);
      const recipients = new Set(c.recipients);
      const offers = new Set(c.offers);
      for (const r of red) {
        expect(recipients.has(r.household)).toBe(true);
        expect(offers.has(r.offer)).toBe(true);
        expect(r.date >= c.start && r.date <= c.end).toBe(true);
      }
    }
    expect(cj.campaigns.filter((c) => c.type === 'A').map((c) => c.id)).toEqual(['8', '13', '18', '27']);
  });

  it('fromCompleteJourney(dir) has recipients and coupons but no redemptions for campaigns 13 and 18 (withheld)', () => {
    for (const id of ['13', '18']) {
      const c = cj.campaigns.find((x) => x.id === id)!;
      expect(c.type).toBe('A');
      expect(c.recipients.length).toBeGreaterThan(1000);
      expect(c.offers.length).toBeGreaterThan(200);
      expect(cj.redemptions.filter((r) => r.campaign === id)).toEqual([]);
    }
  });

  it('fromCompleteJourney(dir) records one contact per recipient and one redeemed contact per redemption', () => {
    const contacts = cj.sources.contacts.records;
    expect(contacts.filter((c) => c.offer === undefined && c.campaign !== undefined)).toHaveLength(6_589);
    expect(contacts.filter((c) => c.redeemed === true && c.offer !== undefined)).toHaveLength(820);
    expect(data.contacts.redeemed.reduce((s, v) => s + v, 0)).toBe(820);
  });
});

describe('fromCompleteJourney(dir) on bad input', () => {
  it('fromCompleteJourney(dir) names the missing file', async () => {
    await expect(fromCompleteJourney(join(tmpdir(), 'no-such-completejourney'))).rejects.toThrow(/file not found: .*transactions_sample\.csv\.gz/);
  });

  it('fromCompleteJourney(dir) throws InvalidRecordError naming a missing column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cj-'));
    writeFileSync(join(dir, 'transactions_sample.csv.gz'), gzipSync('household_id,store_id\n1,2\n'));
    const error = await fromCompleteJourney(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecordError);
    const issues = (error as InvalidRecordError).issues;
    expect(issues.map((i) => i.field)).toContain('product_id');
    expect(issues.every((i) => i.row === 0)).toBe(true);
  });
});
