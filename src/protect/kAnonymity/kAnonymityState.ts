import type { Dataset } from '../../ingest/ingest.js';
import type { CampaignConfig } from '../../schema/campaignConfig.js';
import type { MailerRules } from '../../select/mailerRules.js';
import type { PlanChanges } from '../../select/planChanges.js';
import type { EligibilityBits } from '../../select/eligibilityBits.js';
import type { WorkingPlan } from '../workingPlan.js';

/** One distinct mailer content (ordered offer list) and the customers who get it. */
export interface Variant {
  id: number;
  offers: number[];
  /** Reasons of the first member, the template for offers a merged customer gains. */
  reasons: number[];
  members: number[];
  alive: boolean;
  genericOnly: boolean;
  /** Content satisfies the sensitive-offer layout rules (not first, enough unrelated offers). */
  contentOk: boolean;
  /** Content passes the mailer rules (slots, diversity, department); true without rules. */
  rulesOk: boolean;
}

/** The plan being rewritten and the per-offer counts every rewrite keeps current. */
export interface PlanCounters {
  work: WorkingPlan;
  usage: Int32Array;
  inSeg: Int32Array;
  recip: Int32Array;
  sensitive: Uint8Array;
  changed: Uint8Array;
  /** The campaign's rules, charged for every entry gained and given back every entry lost; absent in content-only mode. */
  rules: MailerRules | undefined;
  changes: PlanChanges;
}

/** Everything the k-anonymity phases (merge, tau repair, report) share. */
export interface KAnonymityState extends PlanCounters {
  variants: Variant[];
  /** Live variant of each content, keyed by its offers joined with commas. */
  byKey: Map<string, Variant>;
  /** Ids of the variants holding each offer (in first-seen order). */
  postings: number[][];
  /** Variants whose content is generic-only: merging never creates contents, so they are known up front. */
  genericIds: number[];
  capacity: Float64Array | undefined;
  data: Dataset | undefined;
  privacy: CampaignConfig['privacy'];
  requiredDecoys: number;
  eligible: EligibilityBits | undefined;
  lookalike: Int32Array | undefined;
  /** Mailer length of the input plan: cover is appended only below it. */
  stride: number;
}
