import { describe, expect, it } from 'vitest';
import { toDay } from '../../src/schema/days.js';
import { generateRetailer, type SyntheticRetailer } from '../../src/synth/index.js';

// One shared, seeded world for the behavioural checks (pinned seed: replay with the same numbers).
const SEED = 9;
const N = 2_500;
const shop = generateRetailer({ customers: N, products: 900, offers: 600, seed: SEED });
const C = shop.truth.categories.length;
const catIndex = new Map(shop.truth.categories.map((c, i) => [c, i]));
const productCategory = new Map(shop.products.map((p) => [p.id as string, catIndex.get(p.category as string)!]));
const customerIndex = new Map(shop.customers.map((c, i) => [c.id as string, i]));
const start = toDay(shop.startDate);
const days = shop.options.days;

/** Purchase days per (customer, category), distinct and increasing. */
function purchaseDays(retailer: SyntheticRetailer): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const t of retailer.transactions()) {
    const key = customerIndex.get(t.customer as string)! * C + productCategory.get(t.product as string)!;
    const d = toDay(t.date as string) - start;
    const list = out.get(key);
    if (list === undefined) out.set(key, [d]);
    else if (list[list.length - 1] !== d) list.push(d);
  }
  return out;
}
const bought = purchaseDays(shop);

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]![0] === order[k]![0]) j++;
    for (let m = k; m <= j; m++) r[order[m]![1]] = (k + j) / 2;
    k = j + 1;
  }
  return r;
}
function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n;
  const mb = rb.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i]! - ma) * (rb[i]! - mb);
    da += (ra[i]! - ma) ** 2;
    db += (rb[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe('generateRetailer(options) behaviour', () => {
  it('generateRetailer(options) expecting households buy baby categories far more after their event than before and than others', () => {
    const baby = shop.truth.categories.map((_, c) => shop.truth.categoryDepartment[c] === 'Baby');
    let expPre = 0;
    let expPreDays = 0;
    let expPost = 0;
    let expPostDays = 0;
    let otherLines = 0;
    let otherDays = 0;
    let expecting = 0;
    for (let i = 0; i < N; i++) {
      const event = shop.truth.eventDate(i);
      const split = event === undefined ? Math.floor(days / 2) : toDay(event) - start;
      let pre = 0;
      let post = 0;
      for (let c = 0; c < C; c++) {
        if (!baby[c]) continue;
        for (const d of bought.get(i * C + c) ?? []) (d < split ? pre++ : post++);
      }
      if (event === undefined) {
        otherLines += pre + post;
        otherDays += days;
      } else {
        expecting++;
        expPre += pre;
        expPreDays += split;
        expPost += post;
        expPostDays += days - split;
      }
    }
    expect(expecting).toBeGreaterThan(40);
    const postRate = expPost / expPostDays;
    const preRate = expPre / expPreDays;
    const otherRate = otherLines / otherDays;
    // Distinct baby purchase days per household-day: the event should multiply it several times.
    expect(postRate).toBeGreaterThan(5 * preRate);
    expect(postRate).toBeGreaterThan(5 * otherRate);
    expect(shop.truth.segment(0) === undefined || shop.truth.segment(0) === 'expecting').toBe(true);
  });

  it('generateRetailer(options) median inter-purchase days per category follow the configured cycle', () => {
    const configured: number[] = [];
    const observed: number[] = [];
    for (let c = 0; c < C; c++) {
      const gaps: number[] = [];
      for (let i = 0; i < N; i++) {
        const list = bought.get(i * C + c);
        // Regular buyers only (3+ purchase days): one-off purchases carry no cycle.
        if (list === undefined || list.length < 3) continue;
        for (let k = 1; k < list.length; k++) gaps.push(list[k]! - list[k - 1]!);
      }
      if (gaps.length < 30) continue;
      gaps.sort((a, b) => a - b);
      configured.push(shop.truth.cycleDays[c]!);
      observed.push(gaps[Math.floor(gaps.length / 2)]!);
    }
    expect(configured.length).toBeGreaterThan(150);
    const rho = spearman(configured, observed);
    expect(rho).toBeGreaterThan(0.6);
    // Weekly categories come back sooner than monthly ones, which come back sooner than bimonthly ones.
    const short = observed.filter((_, k) => configured[k]! <= 7);
    const monthly = observed.filter((_, k) => configured[k]! >= 28 && configured[k]! <= 45);
    const slow = observed.filter((_, k) => configured[k]! >= 60);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(monthly)).toBeGreaterThan(median(short) + 10);
    expect(median(slow)).toBeGreaterThan(median(monthly) + 5);
  });

  it('generateRetailer(options).truth.propensity(i, c) lies in [0, 1] and predicts held-out monthly purchases', () => {
    // Months (30-day blocks) of the second half-year with a purchase, for high- vs low-propensity pairs.
    const blocks = Math.floor((days - 182) / 30);
    const buckets = [
      { lo: 0, hi: 0.05, hits: 0, tries: 0, mean: 0 },
      { lo: 0.3, hi: 0.6, hits: 0, tries: 0, mean: 0 },
      { lo: 0.6, hi: 1.01, hits: 0, tries: 0, mean: 0 },
    ];
    let outside = 0;
    for (let i = 0; i < 800; i++) {
      if (shop.truth.segment(i) !== undefined) continue;
      for (let c = 0; c < C; c++) {
        const p = shop.truth.propensity(i, c);
        if (!(p >= 0 && p <= 1)) outside++;
        const bucket = buckets.find((b) => p >= b.lo && p < b.hi);
        if (bucket === undefined) continue;
        const seen = new Set<number>();
        for (const d of bought.get(i * C + c) ?? []) if (d >= 182 && d < 182 + 30 * blocks) seen.add(Math.floor((d - 182) / 30));
        bucket.hits += seen.size;
        bucket.tries += blocks;
        bucket.mean += p * blocks;
      }
    }
    expect(outside).toBe(0);
    const [low, mid, high] = buckets.map((b) => ({ rate: b.hits / b.tries, mean: b.mean / b.tries, tries: b.tries }));
    expect(low!.tries).toBeGreaterThan(1_000);
    expect(high!.tries).toBeGreaterThan(1_000);
    expect(low!.rate).toBeLessThan(0.05);
    expect(mid!.rate).toBeGreaterThan(3 * low!.rate);
    expect(high!.rate).toBeGreaterThan(mid!.rate);
    // Observed monthly incidence tracks the latent propensity (trips and lapses make it lower, not higher).
    expect(high!.rate).toBeGreaterThan(0.5 * high!.mean);
  });

  it('generateRetailer(options) price-led regions take a larger share of discounts than quality-led ones', () => {
    const spend = new Map<string, number>();
    const discount = new Map<string, number>();
    for (const t of shop.transactions()) {
      const r = shop.customers[customerIndex.get(t.customer as string)!]!.region as string;
      spend.set(r, (spend.get(r) ?? 0) + (t.spend as number));
      discount.set(r, (discount.get(r) ?? 0) + (t.discount as number));
    }
    const share = (r: string) => discount.get(r)! / (discount.get(r)! + spend.get(r)!);
    expect(share('north')).toBeGreaterThan(1.5 * share('london'));
    expect(share('east')).toBeGreaterThan(1.3 * share('south'));
  });

  it('generateRetailer(options).simulator redeems top-propensity mailers several times more than random mailers', () => {
    const O = shop.offers.length;
    const productCat = productCategory;
    const brandCats = new Map<string, Set<number>>();
    for (const p of shop.products) {
      const b = p.brand as string;
      if (!brandCats.has(b)) brandCats.set(b, new Set());
      brandCats.get(b)!.add(catIndex.get(p.category as string)!);
    }
    const targets = shop.offers.map((o) => {
      const s = new Set<number>();
      for (const c of o.targetCategories as string[]) s.add(catIndex.get(c)!);
      for (const p of o.targetProducts as string[]) s.add(productCat.get(p)!);
      for (const b of o.targetBrands as string[]) for (const c of brandCats.get(b)!) s.add(c);
      return [...s];
    });
    const targeted = targets.map((t, o) => (t.length > 0 ? o : -1)).filter((o) => o >= 0);
    const M = 500;
    const top: { customer: number; offers: number[] }[] = [];
    const random: { customer: number; offers: number[] }[] = [];
    let pTop = 0;
    let pRandom = 0;
    let pGeneric = 0;
    let state = 12345;
    for (let i = 0; i < M; i++) {
      const scored = targeted.map((o) => {
        let miss = 1;
        for (const c of targets[o]!) miss *= 1 - shop.truth.propensity(i, c);
        return { o, s: 1 - miss };
      });
      scored.sort((a, b) => b.s - a.s || a.o - b.o);
      const best = scored.slice(0, 6).map((x) => x.o);
      const pick: number[] = [];
      while (pick.length < 6) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        const o = targeted[state % targeted.length]!;
        if (!pick.includes(o)) pick.push(o);
      }
      top.push({ customer: i, offers: best });
      random.push({ customer: i, offers: pick });
      for (const o of best) pTop += shop.simulator.redemptionProbability(i, o);
      for (const o of pick) pRandom += shop.simulator.redemptionProbability(i, o);
      pGeneric += shop.simulator.redemptionProbability(i, O - 1);
    }
    const n = M * 6;
    const redeemedTop = shop.simulator.simulate(top, 77).length;
    const redeemedRandom = shop.simulator.simulate(random, 77).length;
    const rateTop = redeemedTop / n;
    const rateRandom = redeemedRandom / n;
    // Two-proportion z-test: targeted beats random by far more than noise, and by several times.
    const pooled = (redeemedTop + redeemedRandom) / (2 * n);
    const z = (rateTop - rateRandom) / Math.sqrt(pooled * (1 - pooled) * (2 / n));
    expect(z).toBeGreaterThan(8);
    expect(rateTop / rateRandom).toBeGreaterThan(3);
    // Expected rates (no sampling noise): realistic coupon levels.
    expect(pTop / n).toBeGreaterThan(0.08);
    expect(pTop / n).toBeLessThan(0.4);
    expect(pTop / pRandom).toBeGreaterThan(4);
    expect(pGeneric / M).toBeGreaterThan(0.004);
    expect(pGeneric / M).toBeLessThan(0.02);
    // Keyed draws: the outcome of a pair does not depend on the other mailers or their order.
    const reversed = shop.simulator.simulate([...top].reverse(), 77);
    const key = (r: { customer: number; offer: number }) => r.customer * O + r.offer;
    expect(reversed.map(key).sort((a, b) => a - b)).toEqual(shop.simulator.simulate(top, 77).map(key).sort((a, b) => a - b));
    expect(shop.simulator.simulate(top, 78).map(key)).not.toEqual(shop.simulator.simulate(top, 77).map(key));
  });

  it('generateRetailer(options).contacts hold past campaigns whose redemptions follow the simulator', () => {
    const campaigns = new Set(shop.contacts.map((c) => c.campaign));
    expect(campaigns.size).toBe(4);
    const offerIds = new Set(shop.offers.map((o) => o.id));
    expect(shop.contacts.every((c) => offerIds.has(c.offer as string))).toBe(true);
    const rate = shop.contacts.filter((c) => c.redeemed === true).length / shop.contacts.length;
    expect(rate).toBeGreaterThan(0.01);
    expect(rate).toBeLessThan(0.2);
    for (const c of shop.contacts) {
      const d = toDay(c.date as string);
      if (d < start || d > start + days - 1) throw new Error(`contact outside the history: ${String(c.date)}`);
    }
  });
});
