import type { Dataset } from '../../ingest/ingest.js';
import { PLACEMENT_NAMES, type PrintedEntry, type PrintedMailer } from './printedMailer.js';

/**
 * The rows of an in-memory mailer plan (a `MailerPlan` fits): row `c` holds `count[c]` entries at
 * `offer[c * stride + j]`, placement code `reason[...]` and, when the plan carries it, the
 * p(redeem) charged to budgets `propensity[...]`.
 */
export interface PrintablePlan {
  readonly customerCount: number;
  readonly stride: number;
  readonly offer: Int32Array;
  readonly reason: Uint8Array;
  readonly count: Int32Array;
  readonly propensity?: Float32Array;
}

/**
 * The printed mailers of an in-memory plan, in the shape `readPrintedMailing` reads from files:
 * one per customer with at least one entry, in customer order, offers in print order, ids from
 * `data`. Without `plan.propensity` every `p` is `undefined` (the audit then leaves budgets unchecked).
 *
 * @throws RangeError when the plan and data disagree on the customer count, or an entry holds an offer outside the data set.
 * @throws TypeError when an entry has a placement code outside {@link PLACEMENT_NAMES}.
 * @example auditPlan({ data: run.data, config: run.config, mailers: printedPlanOf(run.plan, run.data) });
 * Cost: O(customers + entries); one object per entry.
 */
export function printedPlanOf(plan: PrintablePlan, data: Pick<Dataset, 'customers' | 'offers'>): PrintedMailer[] {
  const n = plan.customerCount;
  if (data.customers.ids.size !== n) throw new RangeError(`printedPlanOf: plan has ${n} customers, data set ${data.customers.ids.size}; pass the data the plan was made from`);
  const offerIds = data.offers.ids;
  const out: PrintedMailer[] = [];
  for (let c = 0; c < n; c++) {
    const len = plan.count[c]!;
    if (len === 0) continue;
    const entries: PrintedEntry[] = [];
    for (let j = 0; j < len; j++) {
      const i = c * plan.stride + j;
      const o = plan.offer[i]!;
      if (o < 0 || o >= offerIds.size) throw new RangeError(`printedPlanOf: customer ${c} position ${j + 1} holds offer ${o}, outside 0..${offerIds.size - 1}`);
      const placement = PLACEMENT_NAMES[plan.reason[i]!];
      if (placement === undefined) throw new TypeError(`printedPlanOf: customer ${c} position ${j + 1} has placement code ${plan.reason[i]}, not one of 0..${PLACEMENT_NAMES.length - 1}`);
      entries.push({ offer: offerIds.id(o), placement, p: plan.propensity?.[i] });
    }
    out.push({ customer: data.customers.ids.id(c), entries });
  }
  return out;
}
