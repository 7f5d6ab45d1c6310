import type { CustomerTable } from '../ingest/customerTable.js';
import { fmix32 } from '../lib/murmur3.js';
import type { Catalog } from '../ingest/catalog.js';
import type { OfferTable } from '../ingest/offerTable.js';
import type { MailerPlan } from '../select/mailerPlan.js';
import { createLayout, PLACEMENT_REASON_NAMES, slotAccepts, type MailerLayout } from './layout.js';
import { LayoutViolationError, type LayoutRule } from './layoutViolationError.js';
import type { Mailing, Variant } from './mailing.js';
import { mailingStats } from './mailingStats.js';
import { variantId } from './variantId.js';

/**
 * The parts of a `Dataset` that assembling reads: id indexes, segments (for creatives), offer
 * sensitivity (for the lead-slot rule) and offer records (names, for the writers). A `Dataset` fits.
 */
export interface AssembleData {
  readonly customers: Pick<CustomerTable, 'ids' | 'segments' | 'segment'>;
  readonly offers: Pick<OfferTable, 'ids' | 'sensitive' | 'records'>;
  readonly catalog: Pick<Catalog, 'sensitiveTags'>;
}

/** Options of {@link assembleMailing}. */
export interface AssembleOptions {
  /** Print layout. Default: `plan.stride` targeted slots (lead slot never sensitive), creative `standard`. */
  layout?: MailerLayout;
  /**
   * Product `sensitive` tags whose offers may not lead a mailer. Default: every tag present (the
   * same reading as `CampaignConfig.privacy.sensitiveTags` left empty).
   */
  sensitiveTags?: readonly string[];
}

/**
 * Groups customers whose mailers carry the same ordered offers, layout and creative into variants,
 * each named by a content hash (see `variantId`), so shards assemble independently and still agree.
 * Every row is checked against the layout first: a sensitive offer in the lead slot, or a placement
 * reason the slot kind does not accept, throws a {@link LayoutViolationError}.
 *
 * Rows are deduplicated by a 64-bit hash of their offer indices and creative in an open-addressing
 * Int32 table, each hit confirmed against a representative row (exact), so no string is built per
 * customer; offer-id strings and the sha256 are built once per distinct variant.
 *
 * Cost: O(customers x stride + variants x (offers per mailer + log variants)). The plan is not mutated.
 *
 * @example
 * const mailing = assembleMailing(plan, data, { layout: createLayout({ targeted: 4, generic: 1 }) });
 * mailing.variants[mailing.customerVariant[0]].offers; // offer ids on customer 0's mailer
 */
export function assembleMailing(plan: MailerPlan, data: AssembleData, options: AssembleOptions = {}): Mailing {
  const { customerCount, stride } = plan;
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`assembleMailing: plan.stride is ${stride}; expected an integer >= 1`);
  if (customerCount !== data.customers.ids.size) {
    throw new RangeError(`assembleMailing: plan has ${customerCount} customers but the data set has ${data.customers.ids.size}; assemble a plan with the data set it was built from`);
  }
  if (plan.count.length !== customerCount || plan.offer.length !== customerCount * stride || plan.reason.length !== customerCount * stride) {
    throw new RangeError(
      `assembleMailing: plan arrays do not match ${customerCount} customers x stride ${stride} (count ${plan.count.length}, offer ${plan.offer.length}, reason ${plan.reason.length})`,
    );
  }
  const layout = options.layout ?? createLayout({ targeted: stride });
  const slotCount = layout.slots.length;

  // Per-slot rules as typed arrays so the row loop reads numbers only.
  const slotMask = new Int32Array(slotCount);
  const slotSensitive = new Uint8Array(slotCount);
  for (let j = 0; j < slotCount; j++) {
    slotMask[j] = slotAccepts(layout.slots[j]!.kind);
    slotSensitive[j] = layout.slots[j]!.sensitive ? 1 : 0;
  }

  // Offer -> 1 when its sensitive tag is one the caller masks.
  const offerCount = data.offers.ids.size;
  const tags = data.catalog.sensitiveTags;
  const maskedTag = new Uint8Array(tags.size);
  if (options.sensitiveTags === undefined) maskedTag.fill(1);
  else for (const t of options.sensitiveTags) if (tags.has(t)) maskedTag[tags.get(t)] = 1;
  const offerSensitive = new Uint8Array(offerCount);
  for (let o = 0; o < offerCount; o++) {
    const t = data.offers.sensitive[o]!;
    offerSensitive[o] = t >= 0 && maskedTag[t] === 1 ? 1 : 0;
  }

  // Segment index + 1 -> creative index (slot 0 is "no segment"), creatives interned in first-use order.
  const creativeNames: string[] = [];
  const creativeIndex = new Map<string, number>();
  const internCreative = (name: string): number => {
    let k = creativeIndex.get(name);
    if (k === undefined) {
      k = creativeNames.length;
      creativeNames.push(name);
      creativeIndex.set(name, k);
    }
    return k;
  };
  const segments = data.customers.segments;
  const segmentCreative = new Int32Array(segments.size + 1);
  segmentCreative[0] = internCreative(layout.defaultCreative);
  for (let s = 0; s < segments.size; s++) {
    const name = segments.id(s);
    segmentCreative[s + 1] = internCreative(Object.hasOwn(layout.creatives, name) ? layout.creatives[name]! : layout.defaultCreative);
  }

  const offer = plan.offer;
  const count = plan.count;
  const segment = data.customers.segment;
  const customerCreative = new Int32Array(customerCount);
  for (let c = 0; c < customerCount; c++) customerCreative[c] = segmentCreative[segment[c]! + 1]!;

  const bad = firstViolation(plan, slotMask, slotSensitive, offerSensitive, offerCount);
  if (bad.rule !== 'none') {
    const c = bad.customer;
    const o = bad.offer;
    const customer = data.customers.ids.id(c);
    if (bad.rule === 'count') throw new RangeError(`assembleMailing: plan.count of customer "${customer}" is ${count[c]}; expected 0..${stride}`);
    if (bad.rule === 'offer') throw new RangeError(`assembleMailing: customer "${customer}" position ${bad.position} holds offer index ${o}; expected 0..${offerCount - 1}`);
    const fixes: Record<LayoutRule, string> = {
      'sensitive-lead': 'the protect stage must move sensitive offers out of the lead slot',
      'sensitive-slot': 'allow sensitive offers in that slot of the layout, or place the offer elsewhere',
      'slot-kind': 'a generic slot never holds a relevance-chosen offer; give the layout more targeted slots',
      'too-many-offers': `the layout has ${slotCount} slots; add slots or lower the offers per mailer`,
    };
    const reasonName = o >= 0 ? (PLACEMENT_REASON_NAMES[bad.reason] ?? `reason ${bad.reason}`) : '';
    throw new LayoutViolationError(
      { rule: bad.rule, customer, position: bad.position, offer: o >= 0 ? data.offers.ids.id(o) : '', reason: reasonName },
      layout.id,
      fixes[bad.rule],
    );
  }

  const customerVariant = new Int32Array(customerCount);
  const local = dedupeRows(offer, count, stride, customerCreative, customerVariant);
  const { rep: localRep, creative: localCreative, customers: localCustomers } = local;
  let unmailed = 0;
  for (let c = 0; c < customerCount; c++) if (count[c] === 0) unmailed++;

  // Once per distinct variant: offer-id strings and the content hash.
  const distinct = localRep.length;
  const built: Variant[] = new Array<Variant>(distinct);
  for (let v = 0; v < distinct; v++) {
    const rep = localRep[v]!;
    const n = count[rep]!;
    const offers: string[] = new Array<string>(n);
    for (let j = 0; j < n; j++) offers[j] = data.offers.ids.id(offer[rep * stride + j]!);
    const creative = creativeNames[localCreative[v]!]!;
    built[v] = { id: variantId(offers, layout.id, creative), offers, creative, customers: localCustomers[v]! };
  }
  // Default sort compares strings natively (no JS comparator call per comparison).
  const sortedIds: string[] = new Array<string>(distinct);
  for (let v = 0; v < distinct; v++) sortedIds[v] = built[v]!.id;
  sortedIds.sort();
  const position = new Map<string, number>();
  for (let i = 0; i < distinct; i++) {
    if (i > 0 && sortedIds[i] === sortedIds[i - 1]) {
      throw new Error(`assembleMailing: two different variants share the content hash ${sortedIds[i]} (a 64-bit sha256 prefix collision); please report it`);
    }
    position.set(sortedIds[i]!, i);
  }
  const rank = new Int32Array(distinct);
  const variants: Variant[] = new Array<Variant>(distinct);
  for (let v = 0; v < distinct; v++) {
    rank[v] = position.get(built[v]!.id)!;
    variants[rank[v]!] = built[v]!;
  }
  for (let c = 0; c < customerCount; c++) if (customerVariant[c]! >= 0) customerVariant[c] = rank[customerVariant[c]!]!;

  return { layout, variants, customerVariant, stats: mailingStats(localCustomers, unmailed) };
}

/** First broken rule of a plan, or `none`; `count` and `offer` are size errors, not layout rules. */
interface FirstViolation {
  rule: LayoutRule | 'none' | 'count' | 'offer';
  customer: number;
  position: number;
  offer: number;
  reason: number;
}

/**
 * Scans every row against the layout once, before any grouping. Kept apart from the grouping loop
 * so each stays a small monomorphic function the JIT optimises on its own. O(customers x stride).
 */
function firstViolation(plan: MailerPlan, slotMask: Int32Array, slotSensitive: Uint8Array, offerSensitive: Uint8Array, offerCount: number): FirstViolation {
  const { customerCount, stride, offer, reason, count } = plan;
  const slotCount = slotMask.length;
  for (let c = 0; c < customerCount; c++) {
    const n = count[c]!;
    if (n < 0 || n > stride) return { rule: 'count', customer: c, position: 0, offer: -1, reason: 0 };
    if (n > slotCount) return { rule: 'too-many-offers', customer: c, position: n, offer: -1, reason: 0 };
    const base = c * stride;
    for (let j = 0; j < n; j++) {
      const o = offer[base + j]!;
      const r = reason[base + j]!;
      if (o < 0 || o >= offerCount) return { rule: 'offer', customer: c, position: j + 1, offer: o, reason: r };
      if ((slotMask[j]! & (1 << r)) === 0) return { rule: 'slot-kind', customer: c, position: j + 1, offer: o, reason: r };
      if (offerSensitive[o] === 1 && slotSensitive[j] === 0) return { rule: j === 0 ? 'sensitive-lead' : 'sensitive-slot', customer: c, position: j + 1, offer: o, reason: r };
    }
  }
  return { rule: 'none', customer: -1, position: 0, offer: -1, reason: 0 };
}

/** Distinct rows: representative customer, creative index and customers of each, in first-seen order. */
interface DistinctRows {
  rep: number[];
  creative: number[];
  customers: number[];
}

/**
 * Groups validated rows: writes each customer's distinct-row index into `customerVariant` (-1 for an
 * empty row). A 64-bit hash of (creative, offers) probes an open-addressing table of Int32 (linear
 * probing, load <= 1/2); a hit is confirmed on both hash lanes and then on the row itself, so the
 * result is exact. Nothing is allocated per customer. O(customers x stride).
 */
function dedupeRows(offer: Int32Array, count: Int32Array, stride: number, customerCreative: Int32Array, customerVariant: Int32Array): DistinctRows {
  const rep: number[] = [];
  const creative: number[] = [];
  const customers: number[] = [];
  const lane1: number[] = [];
  const lane2: number[] = [];
  let capacity = 1024;
  let mask = capacity - 1;
  let table = new Int32Array(capacity).fill(-1);
  const customerCount = count.length;
  for (let c = 0; c < customerCount; c++) {
    const n = count[c]!;
    if (n === 0) {
      customerVariant[c] = -1;
      continue;
    }
    const base = c * stride;
    const cr = customerCreative[c]!;
    let h1 = 0x9e3779b9 ^ cr;
    let h2 = Math.imul(n + 1, 0x27d4eb2d);
    for (let j = 0; j < n; j++) {
      const o = offer[base + j]!;
      // Two independent 32-bit lanes (multiply-xor, different odd constants) make a 64-bit row hash.
      h1 = Math.imul(h1 ^ o, 0x01000193);
      h2 = Math.imul(((h2 << 5) | (h2 >>> 27)) ^ o, 0x85ebca6b);
    }
    h1 = fmix32(h1);
    h2 = fmix32(h2);
    // Typed-array hash table instead of a Map: int keys, no boxing, no per-customer allocation.
    let i = h1 & mask;
    let v = table[i]!;
    while (v >= 0) {
      if (lane1[v] === h1 && lane2[v] === h2 && creative[v] === cr) {
        // Confirm the hit on the row itself: same length, same offers in order.
        const r = rep[v]!;
        let same = count[r] === n;
        const a = r * stride;
        for (let j = 0; same && j < n; j++) same = offer[a + j] === offer[base + j];
        if (same) break;
      }
      i = (i + 1) & mask;
      v = table[i]!;
    }
    if (v < 0) {
      v = rep.length;
      rep.push(c);
      creative.push(cr);
      customers.push(0);
      lane1.push(h1);
      lane2.push(h2);
      table[i] = v;
      if (2 * rep.length > capacity) {
        // Keep the load under 1/2 so probe runs stay short: double and reinsert by lane 1.
        capacity *= 2;
        mask = capacity - 1;
        table = new Int32Array(capacity).fill(-1);
        for (let k = 0; k < rep.length; k++) {
          let p = lane1[k]! & mask;
          while (table[p]! >= 0) p = (p + 1) & mask;
          table[p] = k;
        }
      }
    }
    customers[v]!++;
    customerVariant[c] = v;
  }
  return { rep, creative, customers };
}
