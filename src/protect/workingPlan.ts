import type { MailerPlan } from '../select/mailerPlan.js';

/** One mailer entry while a plan is being rewritten. */
export interface PlanEntry {
  offer: number;
  value: number;
  reason: number;
  /** p(redeem) charged to budgets for this entry. */
  p: number;
}

/**
 * Copy-on-write view of a {@link MailerPlan}: rows stay in the input's typed arrays until a stage
 * rewrites them, then live as small entry lists; `toPlan` packs a new plan. The input is never written.
 */
export class WorkingPlan {
  private readonly rows: (PlanEntry[] | undefined)[];

  constructor(readonly source: MailerPlan) {
    validatePlan(source);
    this.rows = new Array(source.customerCount);
  }

  get customerCount(): number {
    return this.source.customerCount;
  }

  /** Entries of customer `c`, materialised for editing. */
  row(c: number): PlanEntry[] {
    let r = this.rows[c];
    if (r === undefined) {
      const p = this.source;
      const base = c * p.stride;
      const n = p.count[c]!;
      r = new Array(n);
      for (let j = 0; j < n; j++) r[j] = { offer: p.offer[base + j]!, value: p.value[base + j]!, reason: p.reason[base + j]!, p: p.propensity[base + j]! };
      this.rows[c] = r;
    }
    return r;
  }

  /** Replaces the whole row of customer `c`. */
  setRow(c: number, entries: PlanEntry[]): void {
    this.rows[c] = entries;
  }

  length(c: number): number {
    const r = this.rows[c];
    return r === undefined ? this.source.count[c]! : r.length;
  }

  offerAt(c: number, j: number): number {
    const r = this.rows[c];
    return r === undefined ? this.source.offer[c * this.source.stride + j]! : r[j]!.offer;
  }

  reasonAt(c: number, j: number): number {
    const r = this.rows[c];
    return r === undefined ? this.source.reason[c * this.source.stride + j]! : r[j]!.reason;
  }

  valueAt(c: number, j: number): number {
    const r = this.rows[c];
    return r === undefined ? this.source.value[c * this.source.stride + j]! : r[j]!.value;
  }

  propensityAt(c: number, j: number): number {
    const r = this.rows[c];
    return r === undefined ? this.source.propensity[c * this.source.stride + j]! : r[j]!.p;
  }

  /** Position of offer `o` on customer `c`'s mailer, `-1` when absent. */
  indexOf(c: number, o: number): number {
    const n = this.length(c);
    for (let j = 0; j < n; j++) if (this.offerAt(c, j) === o) return j;
    return -1;
  }

  /** Packs a new plan with stride `max(source stride, longest row)`. O(customers × stride). */
  toPlan(): MailerPlan {
    const n = this.customerCount;
    let stride = this.source.stride;
    for (let c = 0; c < n; c++) if (this.length(c) > stride) stride = this.length(c);
    const offer = new Int32Array(n * stride).fill(-1);
    const value = new Float32Array(n * stride);
    const reason = new Uint8Array(n * stride);
    const propensity = new Float32Array(n * stride);
    const count = new Int32Array(n);
    for (let c = 0; c < n; c++) {
      const len = this.length(c);
      count[c] = len;
      const base = c * stride;
      for (let j = 0; j < len; j++) {
        offer[base + j] = this.offerAt(c, j);
        value[base + j] = this.valueAt(c, j);
        reason[base + j] = this.reasonAt(c, j);
        propensity[base + j] = this.propensityAt(c, j);
      }
    }
    return { customerCount: n, stride, offer, value, reason, propensity, count };
  }
}

/** Checks a plan's shape once at the boundary; throws `RangeError` naming the bad size. */
export function validatePlan(p: MailerPlan): void {
  const need = p.customerCount * p.stride;
  if (!Number.isInteger(p.customerCount) || p.customerCount < 0) throw new RangeError(`MailerPlan: customerCount ${p.customerCount} is not a non-negative integer`);
  if (p.count.length !== p.customerCount) throw new RangeError(`MailerPlan: count has ${p.count.length} entries for ${p.customerCount} customers`);
  if (p.offer.length < need || p.value.length < need || p.reason.length < need || p.propensity.length < need) {
    throw new RangeError(`MailerPlan: offer/value/reason/propensity need customerCount × stride = ${need} entries`);
  }
  for (let c = 0; c < p.customerCount; c++) {
    if (p.count[c]! < 0 || p.count[c]! > p.stride) throw new RangeError(`MailerPlan: count[${c}] = ${p.count[c]} is outside 0..stride (${p.stride})`);
  }
}
