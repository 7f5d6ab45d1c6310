import { auditPlan, auditSummaryLine, formatViolation, readPrintedMailing } from '../assemble/audit/index.js';
import type { Dataset } from '../ingest/ingest.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';

/** Violations a run or demo prints before its audit line; `offerkit audit` lists them all. */
const SHOWN = 10;

/**
 * Audits the mailing a command just wrote in `dir` (its files, as printed, against the inputs) and
 * returns the lines to print, ending with the audit's one-line summary, and whether the plan holds.
 */
export async function auditWritten(dir: string, data: Dataset, config: CampaignConfig): Promise<{ lines: string[]; ok: boolean }> {
  const printed = await readPrintedMailing(dir);
  const result = auditPlan({ data, config, mailers: printed.mailers, problems: printed.problems }, printed.auditOptions);
  const lines = result.violations.slice(0, SHOWN).map(formatViolation);
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  if (total > SHOWN) lines.push(`violation ... ${total - SHOWN} more: offerkit audit lists every one`);
  lines.push(auditSummaryLine(result));
  return { lines, ok: result.ok };
}
