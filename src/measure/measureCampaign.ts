import { InvalidRecordError, type RecordIssue } from '../schema/invalidRecordError.js';
import { CELL_NAMES, Cell, type CellCode, type CellName } from './assignCells.js';
import { compareMeans, meanInterval, type MeanComparison, type MeanEstimate, type SampleSummary } from './compareMeans.js';
import { compareWithZ, type ProportionComparison } from './compareProportions.js';
import { wilsonWithZ, zForConfidence, type RateEstimate } from './wilsonInterval.js';

/** One customer of the measured campaign (every cell, including holdout). */
export interface CampaignCustomer {
  readonly id: string;
  /** The customer's {@link Cell}. */
  readonly cell: CellCode;
  /**
   * Offer ids on the customer's mailer. For holdout customers: the offers they would have been
   * sent, when the plan was computed before holding them out (enables per-offer holdout rates);
   * otherwise empty. Default `[]`.
   */
  readonly offers?: readonly string[];
  /**
   * The customer's total spend in the measurement window. When absent, the customer's spend is the
   * sum of the `spend` of their redemption and purchase records (0 without any).
   */
  readonly spend?: number;
}

/** A coupon redemption, or (in `purchases`) a purchase of an offer's products without a coupon. */
export interface RedemptionRecord {
  readonly customer: string;
  readonly offer: string;
  /** Spend attached to this record (e.g. basket value); optional. */
  readonly spend?: number;
}

/** Input of {@link measureCampaign}. */
export interface MeasureCampaignInput {
  /** Every customer of the campaign universe, each once. */
  readonly customers: readonly CampaignCustomer[];
  /** Coupon redemptions in the measurement window. */
  readonly redemptions: readonly RedemptionRecord[];
  /**
   * Organic purchases: customers buying an offer's products without the coupon. Optional; without
   * them the holdout has no outcome and every holdout comparison is `null` (n/a).
   */
  readonly purchases?: readonly RedemptionRecord[];
}

/** Options of {@link measureCampaign}. */
export interface MeasureCampaignOptions {
  /** Two-sided confidence level of every interval, in `(0, 1)`. Default `0.95`. */
  confidence?: number;
}

/** Results of one cell. */
export interface CellReport {
  readonly cell: CellCode;
  readonly name: CellName;
  /** Customers in the cell. */
  readonly customers: number;
  /** Offers listed for the cell's customers (coupons mailed; would-have offers for holdout). */
  readonly coupons: number;
  /**
   * Customer-level rate: mailed cells, customers who redeemed at least one mailed coupon; holdout,
   * customers with at least one organic purchase (`null` without `purchases`).
   */
  readonly redemption: RateEstimate | null;
  /**
   * Coupon-level rate: redeemed (customer, offer) pairs per listed pair (a coupon redeemed twice
   * counts once); holdout, organically bought would-have pairs (`null` without `purchases`).
   */
  readonly couponRedemption: RateEstimate | null;
  /** Customers who redeemed or bought organically (`null` without `purchases`). */
  readonly response: RateEstimate | null;
  /** Spend per customer with its t interval (`null` when no spend was given anywhere). */
  readonly spend: MeanEstimate | null;
}

/** Per-offer results in each cell. */
export interface OfferCellReport {
  /** Customers listing the offer (for holdout, would-have listings). */
  readonly listed: number;
  /** Listed pairs redeemed (holdout: bought organically; `null` without `purchases`). */
  readonly redemption: RateEstimate | null;
  /** Listed pairs redeemed or bought organically (`null` without `purchases`). */
  readonly response: RateEstimate | null;
}

/** Results of one offer. */
export interface OfferReport {
  readonly offer: string;
  /** Indexed by {@link CellCode}: `[holdout, control, targeted]`. */
  readonly cells: readonly [OfferCellReport, OfferCellReport, OfferCellReport];
  /** Targeted vs control coupon redemption per listed pair. */
  readonly targetedVsControl: ProportionComparison;
  /** Targeted vs holdout response per listed pair (`null` without `purchases`). */
  readonly targetedVsHoldout: ProportionComparison | null;
}

/** Records left out of the rates, by reason. */
export interface IgnoredRecords {
  /** Redemptions or purchases naming a customer not in `customers`. */
  readonly unknownCustomer: number;
  /** Redemptions of a coupon not on the customer's mailer (passed-on or in-store coupons). */
  readonly notMailed: number;
  /** Redemptions by holdout customers (contamination: they were sent nothing). */
  readonly holdoutRedemptions: number;
}

/** The result of {@link measureCampaign}. */
export interface CampaignMeasurement {
  readonly confidence: number;
  /** Indexed by {@link CellCode}: `[holdout, control, targeted]`. */
  readonly cells: readonly [CellReport, CellReport, CellReport];
  readonly lift: {
    /** Targeted vs control, customer-level coupon redemption: the effect of targeting. */
    readonly targetedVsControl: ProportionComparison;
    /** Targeted vs holdout, customer-level response (`null` without `purchases`): the total effect. */
    readonly targetedVsHoldout: ProportionComparison | null;
    /** Control vs holdout, customer-level response (`null` without `purchases`): the effect of mailing. */
    readonly controlVsHoldout: ProportionComparison | null;
  };
  /** Incremental spend per customer (Welch); `null` when no spend was given anywhere. */
  readonly spend: {
    readonly targetedVsControl: MeanComparison;
    readonly targetedVsHoldout: MeanComparison;
  } | null;
  /** One report per offer listed on any customer's mailer, in first-seen order. */
  readonly offers: readonly OfferReport[];
  readonly ignored: IgnoredRecords;
}

/** Index of offer `o` in `pairOffer[from..to)`, or -1: rows are one mailer long, so a scan beats hashing. */
function findPair(pairOffer: Int32Array, from: number, to: number, o: number): number {
  for (let i = from; i < to; i++) if (pairOffer[i] === o) return i;
  return -1;
}

const REDEEMED = 1;
const PURCHASED = 2;

/** The customers, checked: id -> row, and each row's cell. */
interface CustomerCells {
  readonly customerIndex: Map<string, number>;
  readonly cellOf: Uint8Array;
  /** Whether any customer or record carries a spend (then every cell reports spend). */
  readonly hasSpend: boolean;
}

/**
 * Checks every customer (string id, once; a valid cell; finite spend) and every record's spend,
 * and throws all issues at once.
 */
function checkCustomers(input: MeasureCampaignInput): CustomerCells {
  const { customers, redemptions, purchases } = input;
  const issues: RecordIssue[] = [];
  const nC = customers.length;
  const customerIndex = new Map<string, number>();
  const cellOf = new Uint8Array(nC);
  let hasSpend = false;
  for (let c = 0; c < nC; c++) {
    const row = customers[c];
    if (typeof row?.id !== 'string') {
      issues.push({ source: 'customers', row: c + 1, field: 'id', reason: 'expected a string id', value: row?.id });
      continue;
    }
    if (customerIndex.has(row.id)) {
      issues.push({ source: 'customers', row: c + 1, field: 'id', reason: 'duplicate customer id: list each customer once', value: row.id });
    }
    customerIndex.set(row.id, c);
    if (row.cell !== Cell.holdout && row.cell !== Cell.control && row.cell !== Cell.targeted) {
      issues.push({ source: 'customers', row: c + 1, field: 'cell', reason: 'expected Cell.holdout (0), Cell.control (1) or Cell.targeted (2)', value: row.cell });
    }
    cellOf[c] = row.cell;
    if (row.spend !== undefined) {
      if (!Number.isFinite(row.spend)) issues.push({ source: 'customers', row: c + 1, field: 'spend', reason: 'expected a finite number', value: row.spend });
      hasSpend = true;
    }
  }
  const checkRecords = (records: readonly RedemptionRecord[], source: string): void => {
    for (let r = 0; r < records.length; r++) {
      const s = records[r].spend;
      if (s !== undefined) {
        if (!Number.isFinite(s)) issues.push({ source, row: r + 1, field: 'spend', reason: 'expected a finite number', value: s });
        hasSpend = true;
      }
    }
  };
  checkRecords(redemptions, 'redemptions');
  if (purchases) checkRecords(purchases, 'purchases');
  if (issues.length > 0) throw new InvalidRecordError(issues);
  return { customerIndex, cellOf, hasSpend };
}

/**
 * Listed (customer, offer) pairs as CSR: customer c owns pairs `rowPtr[c]..rowPtr[c+1]`; a record
 * finds its pair by scanning the customer's short row (no Map of millions of pairs).
 */
interface ListedPairs {
  readonly rowPtr: Int32Array;
  /** Dense offer index of each pair (`pairOffer.length` may exceed `pairCount`). */
  readonly pairOffer: Int32Array;
  readonly pairCount: number;
  readonly offerIndex: Map<string, number>;
  /** Offer ids in first-seen order. */
  readonly offerIds: string[];
  /** Pairs listed per cell. */
  readonly couponsPerCell: number[];
}

function listPairs(customers: readonly CampaignCustomer[], cellOf: Uint8Array): ListedPairs {
  const nC = customers.length;
  const offerIndex = new Map<string, number>();
  const offerIds: string[] = [];
  const internOffer = (id: string): number => {
    let o = offerIndex.get(id);
    if (o === undefined) {
      o = offerIds.length;
      offerIndex.set(id, o);
      offerIds.push(id);
    }
    return o;
  };
  let listedTotal = 0;
  for (let c = 0; c < nC; c++) listedTotal += customers[c].offers?.length ?? 0;
  const rowPtr = new Int32Array(nC + 1);
  const pairOffer = new Int32Array(listedTotal);
  const couponsPerCell = [0, 0, 0];
  let at = 0;
  for (let c = 0; c < nC; c++) {
    const list = customers[c].offers;
    if (list) {
      const rowStart = at;
      for (let j = 0; j < list.length; j++) {
        const o = internOffer(list[j]);
        if (findPair(pairOffer, rowStart, at, o) >= 0) continue; // an offer printed twice on one mailer is one coupon
        pairOffer[at++] = o;
      }
      couponsPerCell[cellOf[c]] += at - rowStart;
    }
    rowPtr[c + 1] = at;
  }
  return { rowPtr, pairOffer, pairCount: at, offerIndex, offerIds, couponsPerCell };
}

/** Which pairs and customers redeemed or bought, the spend their records carry, and what could not be attributed. */
interface Attribution {
  /** Per pair, `REDEEMED | PURCHASED` bits. */
  readonly pairFlags: Uint8Array;
  /** Per customer, `REDEEMED | PURCHASED` bits. */
  readonly customerFlags: Uint8Array;
  /** Per customer, the sum of the `spend` of their records. */
  readonly recordSpend: Float64Array;
  readonly ignored: IgnoredRecords;
}

/** Attributes redemptions (mailed pairs only) and organic purchases (any listed pair; customer level always). */
function attributeRecords(input: MeasureCampaignInput, customers: CustomerCells, pairs: ListedPairs): Attribution {
  const { redemptions, purchases } = input;
  const { customerIndex, cellOf } = customers;
  const { rowPtr, pairOffer, offerIndex } = pairs;
  const nC = cellOf.length;
  const pairFlags = new Uint8Array(pairs.pairCount);
  const customerFlags = new Uint8Array(nC);
  const recordSpend = new Float64Array(nC);
  let unknownCustomer = 0;
  let notMailed = 0;
  let holdoutRedemptions = 0;

  for (let r = 0; r < redemptions.length; r++) {
    const rec = redemptions[r];
    const c = customerIndex.get(rec.customer);
    if (c === undefined) {
      unknownCustomer++;
      continue;
    }
    recordSpend[c] += rec.spend ?? 0;
    if (cellOf[c] === Cell.holdout) {
      holdoutRedemptions++;
      continue;
    }
    const o = offerIndex.get(rec.offer);
    const p = o === undefined ? -1 : findPair(pairOffer, rowPtr[c], rowPtr[c + 1], o);
    if (p < 0) {
      notMailed++;
      continue;
    }
    pairFlags[p] |= REDEEMED;
    customerFlags[c] |= REDEEMED;
  }
  if (purchases) {
    for (let r = 0; r < purchases.length; r++) {
      const rec = purchases[r];
      const c = customerIndex.get(rec.customer);
      if (c === undefined) {
        unknownCustomer++;
        continue;
      }
      recordSpend[c] += rec.spend ?? 0;
      customerFlags[c] |= PURCHASED; // any qualifying purchase counts at customer level
      const o = offerIndex.get(rec.offer);
      const p = o === undefined ? -1 : findPair(pairOffer, rowPtr[c], rowPtr[c + 1], o);
      if (p >= 0) pairFlags[p] |= PURCHASED;
    }
  }
  return { pairFlags, customerFlags, recordSpend, ignored: { unknownCustomer, notMailed, holdoutRedemptions } };
}

/** Customer-level counts per cell (indexed by {@link CellCode}) and each cell's spend summary. */
interface CellTotals {
  readonly size: number[];
  readonly redeemers: number[];
  readonly purchasers: number[];
  readonly responders: number[];
  readonly spend: (cell: number) => SampleSummary;
}

/** Counts customers per cell and summarises their spend (given, else their records'): a mean pass, then a squared-deviation pass. */
function cellTotals(customers: readonly CampaignCustomer[], cellOf: Uint8Array, attribution: Attribution): CellTotals {
  const { customerFlags, recordSpend } = attribution;
  const nC = cellOf.length;
  const size = [0, 0, 0];
  const redeemers = [0, 0, 0];
  const purchasers = [0, 0, 0];
  const responders = [0, 0, 0];
  const spendSum = [0, 0, 0];
  for (let c = 0; c < nC; c++) {
    const cell = cellOf[c];
    size[cell]++;
    const f = customerFlags[c];
    if (f & REDEEMED) redeemers[cell]++;
    if (f & PURCHASED) purchasers[cell]++;
    if (f !== 0) responders[cell]++;
    spendSum[cell] += customers[c].spend ?? recordSpend[c];
  }
  const spendMean = [0, 1, 2].map((cell) => (size[cell] === 0 ? 0 : spendSum[cell] / size[cell]));
  const spendSq = [0, 0, 0];
  for (let c = 0; c < nC; c++) {
    const cell = cellOf[c];
    const dev = (customers[c].spend ?? recordSpend[c]) - spendMean[cell];
    spendSq[cell] += dev * dev;
  }
  const spend = (cell: number): SampleSummary => ({
    n: size[cell],
    mean: spendMean[cell],
    variance: size[cell] > 1 ? spendSq[cell] / (size[cell] - 1) : 0,
  });
  return { size, redeemers, purchasers, responders, spend };
}

/** Pair-level counts: per cell, and per (offer, cell) at `offer * 3 + cell`. */
interface PairTotals {
  readonly pairRedeemed: number[];
  readonly pairPurchased: number[];
  readonly offerListed: Int32Array;
  readonly offerRedeemed: Int32Array;
  readonly offerResponded: Int32Array;
}

function pairTotals(pairs: ListedPairs, cellOf: Uint8Array, pairFlags: Uint8Array): PairTotals {
  const { rowPtr, pairOffer, pairCount } = pairs;
  const pairRedeemed = [0, 0, 0];
  const pairPurchased = [0, 0, 0];
  const nO = pairs.offerIds.length;
  const offerListed = new Int32Array(nO * 3);
  const offerRedeemed = new Int32Array(nO * 3);
  const offerResponded = new Int32Array(nO * 3);
  let owner = 0;
  for (let p = 0; p < pairCount; p++) {
    while (rowPtr[owner + 1] <= p) owner++; // pairs are in customer order: advance the owning row
    const cell = cellOf[owner];
    const slot = pairOffer[p] * 3 + cell;
    const f = pairFlags[p];
    offerListed[slot]++;
    if (f & REDEEMED) pairRedeemed[cell]++;
    if (f & PURCHASED) pairPurchased[cell]++;
    // holdout's per-offer "redemption" is its organic purchase
    if (cell === Cell.holdout ? f & PURCHASED : f & REDEEMED) offerRedeemed[slot]++;
    if (f !== 0) offerResponded[slot]++;
  }
  return { pairRedeemed, pairPurchased, offerListed, offerRedeemed, offerResponded };
}

/** What every report needs beside the counts: the interval settings and whether holdout and spend can be measured. */
interface ReportSettings {
  readonly confidence: number;
  readonly z: number;
  readonly hasPurchases: boolean;
  readonly hasSpend: boolean;
}

function cellReports(cellsOf: CellTotals, pairsOf: PairTotals, couponsPerCell: readonly number[], settings: ReportSettings): [CellReport, CellReport, CellReport] {
  const { size, redeemers, purchasers, responders } = cellsOf;
  const { pairRedeemed, pairPurchased } = pairsOf;
  const { confidence, z, hasPurchases, hasSpend } = settings;
  return [0, 1, 2].map((cell): CellReport => {
    const holdout = cell === Cell.holdout;
    return {
      cell: cell as CellCode,
      name: CELL_NAMES[cell],
      customers: size[cell],
      coupons: couponsPerCell[cell],
      redemption: holdout
        ? hasPurchases ? wilsonWithZ(purchasers[cell], size[cell], z) : null
        : wilsonWithZ(redeemers[cell], size[cell], z),
      couponRedemption: holdout
        ? hasPurchases ? wilsonWithZ(pairPurchased[cell], couponsPerCell[cell], z) : null
        : wilsonWithZ(pairRedeemed[cell], couponsPerCell[cell], z),
      response: hasPurchases ? wilsonWithZ(responders[cell], size[cell], z) : null,
      spend: hasSpend ? meanInterval(cellsOf.spend(cell), { confidence }) : null,
    };
  }) as unknown as [CellReport, CellReport, CellReport];
}

function offerReports(offerIds: readonly string[], pairsOf: PairTotals, settings: ReportSettings): OfferReport[] {
  const { offerListed, offerRedeemed, offerResponded } = pairsOf;
  const { z, hasPurchases } = settings;
  const H = Cell.holdout;
  const C = Cell.control;
  const T = Cell.targeted;
  const offers: OfferReport[] = [];
  for (let o = 0; o < offerIds.length; o++) {
    const b = o * 3;
    const offerCell = (cell: number): OfferCellReport => ({
      listed: offerListed[b + cell],
      redemption:
        cell === H && !hasPurchases ? null : wilsonWithZ(offerRedeemed[b + cell], offerListed[b + cell], z),
      response: hasPurchases ? wilsonWithZ(offerResponded[b + cell], offerListed[b + cell], z) : null,
    });
    offers.push({
      offer: offerIds[o],
      cells: [offerCell(H), offerCell(C), offerCell(T)],
      targetedVsControl: compareWithZ(offerRedeemed[b + T], offerListed[b + T], offerRedeemed[b + C], offerListed[b + C], z),
      targetedVsHoldout: hasPurchases
        ? compareWithZ(offerResponded[b + T], offerListed[b + T], offerResponded[b + H], offerListed[b + H], z)
        : null,
    });
  }
  return offers;
}

/**
 * Measures a finished campaign: per cell and per offer, redemption rates (customer-level and per
 * coupon) with Wilson intervals; lift of targeted over control (coupon redemption) and over holdout
 * (response = redeemed or bought organically, since holdout customers cannot redeem) with Newcombe
 * intervals and two-proportion z tests; incremental spend per customer with Welch intervals.
 *
 * Holdout comparisons need `purchases` (organic buying); without them they are `null`. Empty cells
 * give `null` estimates with a `note`, never NaN. Duplicate redemptions of one coupon count once in
 * rates (their spend adds up); records that cannot be attributed are counted in `ignored`.
 *
 * @param input - Customers with cells and offers, redemptions, optional purchases (not mutated).
 * @param options - Confidence level, see {@link MeasureCampaignOptions}.
 * @throws InvalidRecordError when a customer is duplicated or has a bad cell or spend, or a record
 * has a bad spend (every issue listed).
 * @throws RangeError when the confidence is outside `(0, 1)`.
 *
 * @example
 * const m = measureCampaign({
 *   customers: [{ id: 'a', cell: Cell.targeted, offers: ['o1'] }, { id: 'b', cell: Cell.control, offers: ['g1'] }],
 *   redemptions: [{ customer: 'a', offer: 'o1', spend: 12 }],
 * });
 * m.cells[Cell.targeted].redemption?.rate; // 1
 *
 * Cost: O(C + L·m + R·m) time and O(C + L) memory for C customers, L listed offers, mailers of
 * m offers and R records (pairs are found by scanning the customer's mailer), plus O(offers)
 * interval computations.
 */
export function measureCampaign(input: MeasureCampaignInput, options?: MeasureCampaignOptions): CampaignMeasurement {
  const confidence = options?.confidence ?? 0.95;
  const z = zForConfidence(confidence, 'measureCampaign');
  const checked = checkCustomers(input);
  const pairs = listPairs(input.customers, checked.cellOf);
  const attribution = attributeRecords(input, checked, pairs);
  const byCell = cellTotals(input.customers, checked.cellOf, attribution);
  const byPair = pairTotals(pairs, checked.cellOf, attribution.pairFlags);
  const settings: ReportSettings = { confidence, z, hasPurchases: input.purchases !== undefined, hasSpend: checked.hasSpend };

  const cells = cellReports(byCell, byPair, pairs.couponsPerCell, settings);
  const { size, redeemers, responders } = byCell;
  const hasPurchases = settings.hasPurchases;
  const H = Cell.holdout;
  const C = Cell.control;
  const T = Cell.targeted;
  const lift = {
    targetedVsControl: compareWithZ(redeemers[T], size[T], redeemers[C], size[C], z),
    targetedVsHoldout: hasPurchases ? compareWithZ(responders[T], size[T], responders[H], size[H], z) : null,
    controlVsHoldout: hasPurchases ? compareWithZ(responders[C], size[C], responders[H], size[H], z) : null,
  };
  const spend = checked.hasSpend
    ? {
        targetedVsControl: compareMeans(byCell.spend(T), byCell.spend(C), { confidence }),
        targetedVsHoldout: compareMeans(byCell.spend(T), byCell.spend(H), { confidence }),
      }
    : null;
  const offers = offerReports(pairs.offerIds, byPair, settings);
  return { confidence, cells, lift, spend, offers, ignored: attribution.ignored };
}
