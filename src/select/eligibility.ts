import type { Csr } from '../ingest/csr.js';
import { transposeCsr } from '../ingest/csr.js';
import { CustomerFlag } from '../ingest/customerTable.js';
import type { Dataset } from '../ingest/ingest.js';
import type { Profiles } from '../profile/profiles.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';
import { OFFER_KINDS, TARGET_HISTORIES } from '../schema/offer.js';
import { campaignDay } from './campaignDay.js';
import { Reason, REASON_NAME, type ReasonCode } from './reason.js';

/** Options of {@link checkEligibility} and {@link buildEligibilityMask}. */
export interface EligibilityOptions {
  /** Per customer, non-zero when the customer is in the holdout or excluded (reason `holdout`). Default: nobody. */
  excluded?: Uint8Array;
  /** Campaign day number; default `config.date`, else the day after the last transaction (mask only). */
  day?: number;
}

/** An eligibility bitset: bit `o % 32` of word `c * wordsPerCustomer + (o >>> 5)` is set when the pair passes every rule. */
export interface EligibilityBitset {
  readonly words: Uint32Array;
  readonly wordsPerCustomer: number;
  /** Pairs failing each rule (the first failing rule in {@link Reason} order), by reason name; `eligible` counts passing pairs. */
  readonly counts: Readonly<Record<string, number>>;
  /** The day the rules were evaluated on. */
  readonly day: number;
}

/** Index of `generic` in OFFER_KINDS. */
export const GENERIC_KIND = OFFER_KINDS.indexOf('generic');
const NEVER = TARGET_HISTORIES.indexOf('never');
const BOUGHT = TARGET_HISTORIES.indexOf('bought');
const ANY = TARGET_HISTORIES.indexOf('any');

function inRow(csr: Csr, row: number, value: number): boolean {
  const lo = csr.rowPtr[row]!;
  const hi = csr.rowPtr[row + 1]!;
  if (lo === hi) return true; // an empty rule list means everyone
  for (let k = lo; k < hi; k++) if (csr.index[k] === value) return true;
  return false;
}

function intersects(a: Csr, ra: number, b: Csr | Int32Array, bLo: number, bHi: number): boolean {
  const bi = b instanceof Int32Array ? b : b.index;
  let i = a.rowPtr[ra]!;
  const iHi = a.rowPtr[ra + 1]!;
  let j = bLo;
  // both rows are sorted ascending: a linear merge
  while (i < iHi && j < bHi) {
    const x = a.index[i]!;
    const y = bi[j]!;
    if (x === y) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}

/**
 * The history rules (neverBought, notBought, lapsed) of offer `o` for customer `c`, from the profile
 * at category level: a customer "bought a target" when their profile holds any of the offer's
 * resolved target categories; lapse is measured from the latest such category's `lastDay`.
 */
function historyReason(data: Dataset, profiles: Profiles, c: number, o: number, day: number): ReasonCode {
  const offers = data.offers;
  const th = offers.targetHistory[o]!;
  const minLapsed = offers.minLapsedDays[o]!;
  if (th === ANY && minLapsed < 0) return Reason.eligible;
  const cats = offers.categories;
  let i = cats.rowPtr[o]!;
  const iHi = cats.rowPtr[o + 1]!;
  let j = profiles.rowPtr[c]!;
  const jHi = profiles.rowPtr[c + 1]!;
  let bought = false;
  let last = -1;
  while (i < iHi && j < jHi) {
    const x = cats.index[i]!;
    const y = profiles.category[j]!;
    if (x === y) {
      bought = true;
      if (profiles.lastDay[j]! > last) last = profiles.lastDay[j]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  if (th === NEVER && bought) return Reason.neverBought;
  if (th === BOUGHT && !bought) return Reason.notBought;
  if (minLapsed >= 0 && (!bought || day - last < minLapsed)) return Reason.lapsed;
  return Reason.eligible;
}

function spendReason(data: Dataset, profiles: Profiles, c: number, o: number): ReasonCode {
  const spend = profiles.totalSpend[c]!;
  if (spend < data.offers.minSpend[o]!) return Reason.minSpend;
  if (spend > data.offers.maxSpend[o]!) return Reason.maxSpend;
  return Reason.eligible;
}

/**
 * Checks every eligibility rule of offer `o` for customer `c` on campaign day `day` and returns the
 * first failing {@link Reason} (in code order), or `Reason.eligible`. Generic offers are exempt from
 * `profilingOptOut`. Spend is the profile's `totalSpend`; history rules work at category level.
 * O(targets + customer's categories).
 *
 * @example
 * if (checkEligibility(data, profiles, c, o, day) !== Reason.eligible) skip();
 */
export function checkEligibility(data: Dataset, profiles: Profiles, c: number, o: number, day: number, options: EligibilityOptions = {}): ReasonCode {
  const offers = data.offers;
  const cust = data.customers;
  if (options.excluded !== undefined && options.excluded[c] !== 0) return Reason.holdout;
  const flags = cust.flags[c]!;
  if (offers.kind[o] !== GENERIC_KIND && (flags & CustomerFlag.profilingOptOut) !== 0) return Reason.profilingOptOut;
  if (day < offers.validFrom[o]! || day > offers.validTo[o]!) return Reason.validity;
  // consent bits follow CHANNELS order: mail 1, email 2, sms 4
  if ((flags & (1 << offers.channel[o]!)) === 0) return Reason.channelConsent;
  if (!inRow(offers.eligibleRegions, o, cust.region[c]!)) return Reason.region;
  if (!inRow(offers.eligibleStores, o, cust.store[c]!)) return Reason.store;
  if (!inRow(offers.eligibleSegments, o, cust.segment[c]!)) return Reason.segment;
  if (intersects(offers.categories, o, cust.optedOut.index, cust.optedOut.rowPtr[c]!, cust.optedOut.rowPtr[c + 1]!)) return Reason.optedOutCategory;
  const s = spendReason(data, profiles, c, o);
  if (s !== Reason.eligible) return s;
  return historyReason(data, profiles, c, o, day);
}

/** Throws a RangeError unless profiles (and an `excluded` array) cover the data set's customers. */
export function assertCustomerCount(data: Dataset, profiles: Profiles, excluded: Uint8Array | undefined, caller: string): void {
  const n = data.customers.ids.size;
  if (profiles.customerCount !== n || profiles.rowPtr.length !== n + 1 || profiles.totalSpend.length !== n) {
    throw new RangeError(`${caller}: profiles describe ${profiles.customerCount} customers but the data set has ${n}; build profiles from the same data set`);
  }
  if (excluded !== undefined && excluded.length !== n) {
    throw new RangeError(`${caller}: options.excluded has length ${excluded.length}, expected one entry per customer (${n})`);
  }
}

function popcount(x: number): number {
  // SWAR bit count on a 32-bit word
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** `csr` (rows -> offers) keeping only the offers with `keep[o] === 1`. */
function restrictColumns(csr: Csr, keep: Uint8Array): Csr {
  const rows = csr.rowPtr.length - 1;
  const rowPtr = new Int32Array(rows + 1);
  const index: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let q = csr.rowPtr[r]!; q < csr.rowPtr[r + 1]!; q++) if (keep[csr.index[q]!] === 1) index.push(csr.index[q]!);
    rowPtr[r + 1] = index.length;
  }
  return { rowPtr, index: Int32Array.from(index) };
}

/** Per-value allow bitsets for a rule list: row v holds the offers allowing value v (empty list = all). */
function allowBits(rule: Csr, values: number, offerCount: number, words: number): Uint32Array {
  const bits = new Uint32Array((values + 1) * words);
  for (let o = 0; o < offerCount; o++) {
    const lo = rule.rowPtr[o]!;
    const hi = rule.rowPtr[o + 1]!;
    const w = o >>> 5;
    const b = 1 << (o & 31);
    if (lo === hi) {
      for (let v = 0; v <= values; v++) bits[v * words + w]! |= b;
    } else {
      for (let k = lo; k < hi; k++) bits[rule.index[k]! * words + w]! |= b;
    }
  }
  return bits;
}

/**
 * Evaluates every rule of {@link checkEligibility} for all customers x all offers into a bitset
 * usable as the scoring kernel's mask, with per-reason counts (the first failing rule of each pair).
 * Offer-level rules (validity, channel, region, store, segment) are precomputed bitsets ANDed a word
 * at a time; per-pair rules (opted-out categories, spend, history) visit only the offers that carry
 * them. O(customers x (offers / 32 + rule offers + opted-out targets)); memory customers x offers / 8 bytes.
 *
 * @example
 * const { words, wordsPerCustomer } = buildEligibilityMask(data, profiles, config);
 * const ok = (words[c * wordsPerCustomer + (o >>> 5)] >>> (o & 31)) & 1;
 */
export function buildEligibilityMask(data: Dataset, profiles: Profiles, config: Pick<CampaignConfig, 'date'>, options: EligibilityOptions = {}): EligibilityBitset {
  assertCustomerCount(data, profiles, options.excluded, 'buildEligibilityMask');
  const day = campaignDay(data, config, options.day);
  const n = data.customers.ids.size;
  const m = data.offers.ids.size;
  const W = (m + 31) >>> 5;
  const words = new Uint32Array(n * W);
  const counts = new Float64Array(Reason.lapsed + 1);
  const plan = planRules(data, day);
  const walk: HistoryWalk = { aliveNeedsBought: new Uint32Array(W), touched: new Int32Array(m), stamp: new Int32Array(m).fill(-1), lastBought: new Int32Array(m) };
  const excluded = options.excluded;
  // one pass a customer, the rules in checkEligibility's order: a removed pair counts for its first failing rule
  for (let c = 0; c < n; c++) {
    if (excluded !== undefined && excluded[c] !== 0) {
      counts[Reason.holdout]! += m;
      continue;
    }
    const row = c * W;
    maskOfferRules(data, plan, c, words, row, counts);
    maskOptedOut(data, plan, c, words, row, counts);
    maskHistoryWalk(profiles, plan, walk, c, words, row, counts);
    maskPairRules(profiles, plan, walk, c, words, row, counts);
  }
  let eligible = 0;
  for (let i = 0; i < words.length; i++) eligible += popcount(words[i]!);
  const named: Record<string, number> = { eligible };
  for (let r = 1; r <= Reason.lapsed; r++) named[REASON_NAME[r]!] = counts[r]!;
  return { words, wordsPerCustomer: W, counts: named, day };
}

/** What {@link buildEligibilityMask} precomputes from the offers, once, for its pass over the customers. */
interface RulePlan {
  readonly offers: Dataset['offers'];
  readonly day: number;
  /** Words per customer. */
  readonly W: number;
  /** Offer-level rules as bitsets over offers: every offer, generic offers, offers valid on the day. */
  readonly all: Uint32Array;
  readonly generic: Uint32Array;
  readonly valid: Uint32Array;
  /** Row ch (CHANNELS order) holds the offers sent through channel ch. */
  readonly channelBits: Uint32Array;
  /** Row v holds the offers allowing region / store / segment v; segment -1 (none) is row `noSegmentRow`. */
  readonly regionBits: Uint32Array;
  readonly storeBits: Uint32Array;
  readonly segmentBits: Uint32Array;
  readonly noSegmentRow: number;
  /** Category -> offers targeting it. */
  readonly catOffers: Csr;
  /** Category -> offers targeting it that carry a history rule. */
  readonly histOffers: Csr;
  /** Per offer: 1 when it carries a history rule (targetHistory other than `any`, or a lapse). */
  readonly historyRule: Uint8Array;
  /** Per offer, history rules settled by the walk: 1 needs a bought target (dropped, then put back by the walk); 2 needs none bought (removed by the walk). */
  readonly walkRule: Uint8Array;
  /** The offers with `walkRule` 1, as a bitset. */
  readonly needsBoughtBits: Uint32Array;
  /** Offers whose spend or history rules are checked pair by pair. */
  readonly pairRules: Int32Array;
}

/** Per-customer scratch of the history walk, allocated once: `stamp[o] === c` when customer c bought a target of offer o, latest on `lastBought[o]`. */
interface HistoryWalk {
  readonly aliveNeedsBought: Uint32Array;
  readonly touched: Int32Array;
  readonly stamp: Int32Array;
  readonly lastBought: Int32Array;
}

/** The offer-level bitsets and the split of the history rules between the walk and the pair checks. */
function planRules(data: Dataset, day: number): RulePlan {
  const offers = data.offers;
  const cust = data.customers;
  const m = offers.ids.size;
  const W = (m + 31) >>> 5;
  const all = new Uint32Array(W);
  const generic = new Uint32Array(W);
  const valid = new Uint32Array(W);
  const channelBits = new Uint32Array(3 * W);
  const ruleOffers: number[] = [];
  for (let o = 0; o < m; o++) {
    const w = o >>> 5;
    const b = 1 << (o & 31);
    all[w]! |= b;
    if (offers.kind[o] === GENERIC_KIND) generic[w]! |= b;
    if (day >= offers.validFrom[o]! && day <= offers.validTo[o]!) valid[w]! |= b;
    channelBits[offers.channel[o]! * W + w]! |= b;
    if (offers.minSpend[o]! > Number.NEGATIVE_INFINITY || offers.maxSpend[o]! < Number.POSITIVE_INFINITY || offers.targetHistory[o] !== ANY || offers.minLapsedDays[o]! >= 0) {
      ruleOffers.push(o);
    }
  }
  // segment -1 (none) is mapped to the extra last row, which only unrestricted offers allow
  const segmentBits = allowBits(offers.eligibleSegments, cust.segments.size, m, W);
  const noSegmentRow = cust.segments.size;
  for (let o = 0; o < m; o++) {
    if (offers.eligibleSegments.rowPtr[o + 1]! > offers.eligibleSegments.rowPtr[o]!) segmentBits[noSegmentRow * W + (o >>> 5)]! &= ~(1 << (o & 31));
  }
  // History rules without a spend rule are the commonest ("bought a target before", "never bought
  // it", with or without a lapse): they are settled a word at a time plus the offers the history walk
  // visits (exactly those with a bought target), instead of offer by offer for every customer.
  const walkRule = new Uint8Array(m);
  const needsBoughtBits = new Uint32Array(W);
  const pairRules: number[] = [];
  for (const o of ruleOffers) {
    const noSpendRule = offers.minSpend[o] === Number.NEGATIVE_INFINITY && offers.maxSpend[o] === Number.POSITIVE_INFINITY;
    if (noSpendRule && offers.targetHistory[o] === BOUGHT) {
      walkRule[o] = 1;
      needsBoughtBits[o >>> 5]! |= 1 << (o & 31);
    } else if (noSpendRule && offers.targetHistory[o] === NEVER && offers.minLapsedDays[o]! < 0) walkRule[o] = 2;
    else pairRules.push(o);
  }
  // History rules by an inverted walk: each category the customer bought stamps the history-rule
  // offers targeting it with the customer and the latest purchase day, so every rule check is O(1)
  // instead of a merge of the offer's targets with the customer's categories.
  const historyRule = new Uint8Array(m);
  for (const o of ruleOffers) if (offers.targetHistory[o] !== ANY || offers.minLapsedDays[o]! >= 0) historyRule[o] = 1;
  const catOffers = transposeCsr(offers.categories, data.catalog.categories.size);
  return {
    offers,
    day,
    W,
    all,
    generic,
    valid,
    channelBits,
    regionBits: allowBits(offers.eligibleRegions, cust.regions.size, m, W),
    storeBits: allowBits(offers.eligibleStores, cust.stores.size, m, W),
    segmentBits,
    noSegmentRow,
    catOffers,
    histOffers: restrictColumns(catOffers, historyRule),
    historyRule,
    walkRule,
    needsBoughtBits,
    pairRules: Int32Array.from(pairRules),
  };
}

/** Customer c's row from the offer-level rules (profiling opt-out, validity, channel consent, region, store, segment), a word at a time. */
function maskOfferRules(data: Dataset, plan: RulePlan, c: number, words: Uint32Array, row: number, counts: Float64Array): void {
  const cust = data.customers;
  const W = plan.W;
  const all = plan.all;
  const generic = plan.generic;
  const valid = plan.valid;
  const channelBits = plan.channelBits;
  const regionBits = plan.regionBits;
  const storeBits = plan.storeBits;
  const segmentBits = plan.segmentBits;
  const flags = cust.flags[c]!;
  const optOut = (flags & CustomerFlag.profilingOptOut) !== 0;
  const rOff = cust.region[c]! * W;
  const sOff = cust.store[c]! * W;
  const g = cust.segment[c]!;
  const gOff = (g < 0 ? plan.noSegmentRow : g) * W;
  for (let w = 0; w < W; w++) {
    let alive = all[w]!;
    // each stage counts the pairs it removes (popcount of the dropped bits), so counts follow rule order
    let keep = optOut ? generic[w]! : 0xffffffff;
    counts[Reason.profilingOptOut]! += popcount(alive & ~keep);
    alive &= keep;
    keep = valid[w]!;
    counts[Reason.validity]! += popcount(alive & ~keep);
    alive &= keep;
    keep = ((flags & 1) !== 0 ? channelBits[w]! : 0) | ((flags & 2) !== 0 ? channelBits[W + w]! : 0) | ((flags & 4) !== 0 ? channelBits[2 * W + w]! : 0);
    counts[Reason.channelConsent]! += popcount(alive & ~keep);
    alive &= keep;
    keep = regionBits[rOff + w]!;
    counts[Reason.region]! += popcount(alive & ~keep);
    alive &= keep;
    keep = storeBits[sOff + w]!;
    counts[Reason.store]! += popcount(alive & ~keep);
    alive &= keep;
    keep = segmentBits[gOff + w]!;
    counts[Reason.segment]! += popcount(alive & ~keep);
    alive &= keep;
    words[row + w] = alive;
  }
}

/** Opted-out categories: only the offers targeting one of customer c's are visited. */
function maskOptedOut(data: Dataset, plan: RulePlan, c: number, words: Uint32Array, row: number, counts: Float64Array): void {
  const optedOut = data.customers.optedOut;
  const catOffers = plan.catOffers;
  for (let k = optedOut.rowPtr[c]!; k < optedOut.rowPtr[c + 1]!; k++) {
    const cat = optedOut.index[k]!;
    for (let q = catOffers.rowPtr[cat]!; q < catOffers.rowPtr[cat + 1]!; q++) {
      const o = catOffers.index[q]!;
      const idx = row + (o >>> 5);
      const b = 1 << (o & 31);
      if ((words[idx]! & b) !== 0) {
        words[idx]! &= ~b;
        counts[Reason.optedOutCategory]!++;
      }
    }
  }
}

/**
 * The history rules the walk settles: offers needing a bought target are dropped a word at a time,
 * then the walk over customer c's categories stamps every history-rule offer they bought a target of
 * (leaving `walk.stamp` / `walk.lastBought` for the pair rules) and puts back the bought ones not lapsed.
 */
function maskHistoryWalk(profiles: Profiles, plan: RulePlan, walk: HistoryWalk, c: number, words: Uint32Array, row: number, counts: Float64Array): void {
  const W = plan.W;
  const needsBoughtBits = plan.needsBoughtBits;
  const walkRule = plan.walkRule;
  const histOffers = plan.histOffers;
  const aliveNeedsBought = walk.aliveNeedsBought;
  const touched = walk.touched;
  const stamp = walk.stamp;
  const lastBought = walk.lastBought;
  let notBought = 0;
  for (let w = 0; w < W; w++) {
    const alive = words[row + w]! & needsBoughtBits[w]!;
    aliveNeedsBought[w] = alive;
    notBought += popcount(alive);
    words[row + w]! &= ~needsBoughtBits[w]!;
  }
  let nTouched = 0;
  for (let j = profiles.rowPtr[c]!; j < profiles.rowPtr[c + 1]!; j++) {
    const t = profiles.category[j]!;
    const d = profiles.lastDay[j]!;
    for (let q = histOffers.rowPtr[t]!; q < histOffers.rowPtr[t + 1]!; q++) {
      const o = histOffers.index[q]!;
      if (stamp[o] !== c) {
        stamp[o] = c;
        lastBought[o] = d;
        if (walkRule[o] !== 0) touched[nTouched++] = o;
      } else if (d > lastBought[o]!) lastBought[o] = d;
    }
  }
  // The walk is done, so lastBought holds each touched offer's latest purchase.
  const minLapsedDays = plan.offers.minLapsedDays;
  const day = plan.day;
  for (let k = 0; k < nTouched; k++) {
    const o = touched[k]!;
    const idx = row + (o >>> 5);
    const b = 1 << (o & 31);
    if (walkRule[o] === 2) {
      if ((words[idx]! & b) !== 0) {
        words[idx]! &= ~b;
        counts[Reason.neverBought]!++;
      }
    } else if ((aliveNeedsBought[o >>> 5]! & b) !== 0) {
      notBought--;
      const minLapsed = minLapsedDays[o]!;
      if (minLapsed < 0 || day - lastBought[o]! >= minLapsed) words[idx]! |= b;
      else counts[Reason.lapsed]!++;
    }
  }
  counts[Reason.notBought]! += notBought;
}

/** Offers with a spend rule (or a history rule the walk does not settle), pair by pair: spend first, then history, like checkEligibility. */
function maskPairRules(profiles: Profiles, plan: RulePlan, walk: HistoryWalk, c: number, words: Uint32Array, row: number, counts: Float64Array): void {
  const rules = plan.pairRules;
  const historyRule = plan.historyRule;
  const stamp = walk.stamp;
  const lastBought = walk.lastBought;
  const day = plan.day;
  const offers = plan.offers;
  const spend = profiles.totalSpend[c]!;
  for (let q = 0; q < rules.length; q++) {
    const o = rules[q]!;
    const idx = row + (o >>> 5);
    const b = 1 << (o & 31);
    if ((words[idx]! & b) === 0) continue;
    // same rule order as checkEligibility: spend, then history
    let r: ReasonCode = spend < offers.minSpend[o]! ? Reason.minSpend : spend > offers.maxSpend[o]! ? Reason.maxSpend : Reason.eligible;
    if (r === Reason.eligible && historyRule[o] === 1) {
      const th = offers.targetHistory[o]!;
      const minLapsed = offers.minLapsedDays[o]!;
      const bought = stamp[o] === c;
      if (th === NEVER && bought) r = Reason.neverBought;
      else if (th === BOUGHT && !bought) r = Reason.notBought;
      else if (minLapsed >= 0 && (!bought || day - lastBought[o]! < minLapsed)) r = Reason.lapsed;
    }
    if (r !== Reason.eligible) {
      words[idx]! &= ~b;
      counts[r]!++;
    }
  }
}
