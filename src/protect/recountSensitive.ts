import type { MailerPlan } from '../select/mailerPlan.js';
import { PlacementReason } from '../select/mailerPlan.js';
import { boundMet, type SensitiveOfferReport } from './maskSensitive.js';

/**
 * Recounts each sensitive offer's recipients on a later plan (for example after `enforceKAnonymity`,
 * whose moves to the generic mailer can remove cover): in-segment (targeted or discovery), cover and
 * all recipients, the achieved bound `inSegment / recipients` and whether it is within `tau`. Entries
 * keep the fields recounting cannot know (`droppedInSegment`, `lookalikes`, `reason`) from `report`.
 *
 * Cost: O(customers x stride). Inputs are not mutated.
 *
 * @example
 * const final = recountSensitive(anonymity.plan, masking.report, config.privacy.tau);
 * final.filter((r) => !r.met); // offers whose bound the later stage broke
 */
export function recountSensitive(plan: MailerPlan, report: readonly SensitiveOfferReport[], tau: number): SensitiveOfferReport[] {
  const index = new Map<number, number>();
  report.forEach((r, i) => index.set(r.offer, i));
  const inSegment = new Int32Array(report.length);
  const cover = new Int32Array(report.length);
  const recipients = new Int32Array(report.length);
  for (let c = 0; c < plan.customerCount; c++) {
    const row = c * plan.stride;
    for (let j = 0; j < plan.count[c]!; j++) {
      const i = index.get(plan.offer[row + j]!);
      if (i === undefined) continue;
      const reason = plan.reason[row + j]!;
      recipients[i]!++;
      if (reason === PlacementReason.targeted || reason === PlacementReason.discovery) inSegment[i]!++;
      else if (reason === PlacementReason.cover) cover[i]!++;
    }
  }
  return report.map((r, i) => {
    const n = recipients[i]!;
    const s = inSegment[i]!;
    return { ...r, inSegment: s, cover: cover[i]!, recipients: n, achievedBound: n === 0 ? 0 : s / n, met: boundMet(s, n, tau) };
  });
}
