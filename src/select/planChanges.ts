/** The stages that rewrite a selection plan after selection, as recorded in {@link PlanChanges}. */
export const CHANGE_STAGES = ['mask', 'kAnonymity'] as const;
/** A stage name of {@link CHANGE_STAGES}. */
export type ChangeStage = (typeof CHANGE_STAGES)[number];

/**
 * Why a later stage removed or added an entry: `optOut` (profiling opt-out), `consent` (sensitive
 * without consent), `tau` (in-segment recipient dropped for the deniability bound),
 * `decoyShortfall` (not enough unrelated offers to mix a sensitive one among), `replacement` (took a
 * removed entry's slot), `decoy`, `cover`, `slots` (gave its slot to a decoy or cover), `merged`
 * (k-anonymity: took another variant's content), `generic` (k-anonymity: moved to the generic
 * mailer), `suppressed` (k-anonymity: no variant could take the customer), `tauCover` and
 * `tauWithdraw` (k-anonymity's repair of the bound).
 */
export const CHANGE_CAUSES = [
  'optOut',
  'consent',
  'tau',
  'decoyShortfall',
  'replacement',
  'decoy',
  'cover',
  'slots',
  'merged',
  'generic',
  'suppressed',
  'tauCover',
  'tauWithdraw',
] as const;
/** A cause name of {@link CHANGE_CAUSES}. */
export type ChangeCause = (typeof CHANGE_CAUSES)[number];

/** One change to a customer's mailer, as {@link PlanChanges.forCustomer} gives it. */
export interface PlanChange {
  readonly stage: ChangeStage;
  readonly action: 'removed' | 'added';
  readonly offer: number;
  readonly cause: ChangeCause;
}

const STAGE_CODE = new Map<string, number>(CHANGE_STAGES.map((s, i) => [s, i]));
const CAUSE_CODE = new Map<string, number>(CHANGE_CAUSES.map((s, i) => [s, i]));

/**
 * Log of what the stages after selection changed on each mailer, in the order they did it: four
 * integers a change (customer, offer, stage and action, cause), so a campaign of millions keeps it
 * in a few growable arrays. The decision trace reads it back per customer.
 *
 * @example
 * const log = new PlanChanges();
 * log.record(c, 'mask', 'removed', o, 'consent');
 * log.forCustomer(c); // [{ stage: 'mask', action: 'removed', offer: o, cause: 'consent' }]
 * Cost: O(1) amortised a record; the first `forCustomer` indexes the log in O(changes).
 */
export class PlanChanges {
  private data = new Int32Array(1024);
  private size = 0;
  private byCustomer: Map<number, number[]> | undefined;

  /** Changes recorded. */
  get length(): number {
    return this.size >> 2;
  }

  record(customer: number, stage: ChangeStage, action: 'removed' | 'added', offer: number, cause: ChangeCause): void {
    if (this.size + 4 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[this.size++] = customer;
    d[this.size++] = offer;
    d[this.size++] = STAGE_CODE.get(stage)! * 2 + (action === 'added' ? 1 : 0);
    d[this.size++] = CAUSE_CODE.get(cause)!;
    this.byCustomer = undefined;
  }

  /** Customer `c`'s changes, in the order they were made. */
  forCustomer(c: number): PlanChange[] {
    if (this.byCustomer === undefined) {
      const index = new Map<number, number[]>();
      for (let i = 0; i < this.size; i += 4) {
        const list = index.get(this.data[i]!);
        if (list === undefined) index.set(this.data[i]!, [i]);
        else list.push(i);
      }
      this.byCustomer = index;
    }
    const at = this.byCustomer.get(c) ?? [];
    return at.map((i) => {
      const d = this.data;
      return { stage: CHANGE_STAGES[d[i + 2]! >> 1]!, action: (d[i + 2]! & 1) === 1 ? 'added' : 'removed', offer: d[i + 1]!, cause: CHANGE_CAUSES[d[i + 3]!]! };
    });
  }

  /** Count of changes by `stage.action.cause`, for reports. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < this.size; i += 4) {
      const key = `${CHANGE_STAGES[this.data[i + 2]! >> 1]}.${(this.data[i + 2]! & 1) === 1 ? 'added' : 'removed'}.${CHANGE_CAUSES[this.data[i + 3]!]}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }
}
