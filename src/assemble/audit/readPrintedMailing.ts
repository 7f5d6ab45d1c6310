import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHANNELS, type Channel } from '../../schema/customer.js';
import type { Manifest } from '../manifest.js';
import { verifyManifest } from '../verifyManifest.js';
import { TRACE_FILE } from '../writeMailing.js';
import type { AuditOptions } from './auditPlan.js';
import type { AuditViolation } from './auditRule.js';
import { csvRecords, readTrace, type TraceEntry } from './mailingFiles.js';
import { MailingReadError } from './mailingReadError.js';
import { isPlacementName, type PlacementName, type PrintedEntry, type PrintedMailer } from './printedMailer.js';


/** A mailing folder as the audit reads it. */
export interface PrintedMailing {
  /** One per mailed customer, from `offers.csv` (order of first appearance), p(redeem) from the trace. */
  readonly mailers: PrintedMailer[];
  readonly manifest: Manifest;
  /** What the manifest's `audit` block says about the run (day, campaign budget, channel, fallback p). */
  readonly auditOptions: AuditOptions;
  /** Whether `trace.ndjson.gz` was there (else no entry has a p). */
  readonly hasTrace: boolean;
  /** File-level problems: `manifest` (checksums, sizes, rows) and `files` (the files disagree with each other). */
  readonly problems: AuditViolation[];
}

interface Line {
  readonly position: number;
  readonly offer: string;
  readonly placement: PlacementName;
}

async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new MailingReadError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); is this a mailing folder written by offerkit run?`, { cause: error });
  }
  try {
    return JSON.parse(text) as Manifest;
  } catch (error) {
    throw new MailingReadError(path, `is not JSON (${(error as Error).message})`, { cause: error });
  }
}

/** The run's audit settings from the manifest's `audit` block; malformed fields become `manifest` problems. */
function auditOptionsOf(manifest: Manifest, problems: AuditViolation[]): AuditOptions {
  const block: unknown = manifest.audit;
  if (block === undefined) return {};
  const bad = (field: string, value: unknown): void => {
    problems.push({ rule: 'manifest', detail: `manifest.json audit${field === '' ? '' : `.${field}`} is ${JSON.stringify(value)}, which is not valid` });
  };
  if (block === null || typeof block !== 'object') {
    bad('', block);
    return {};
  }
  const a = block as { day?: unknown; campaignBudget?: unknown; mailerChannel?: unknown; fallbackPropensity?: unknown };
  const out: AuditOptions = {};
  if (Number.isInteger(a.day)) out.day = a.day as number;
  else if (a.day !== undefined) bad('day', a.day);
  if (typeof a.campaignBudget === 'number' && a.campaignBudget >= 0) out.campaignBudget = a.campaignBudget;
  else if (a.campaignBudget !== undefined && a.campaignBudget !== null) bad('campaignBudget', a.campaignBudget);
  if (CHANNELS.includes(a.mailerChannel as Channel)) out.mailerChannel = a.mailerChannel as Channel;
  else if (a.mailerChannel !== undefined) bad('mailerChannel', a.mailerChannel);
  if (typeof a.fallbackPropensity === 'number' && a.fallbackPropensity >= 0 && a.fallbackPropensity <= 1) out.fallbackPropensity = a.fallbackPropensity;
  else if (a.fallbackPropensity !== undefined) bad('fallbackPropensity', a.fallbackPropensity);
  return out;
}

/** assignments.csv and variants.csv: each mailed customer's printed content, with the variant counts checked. */
async function readVariants(dir: string, problems: AuditViolation[]): Promise<Map<string, readonly string[]>> {
  const variants = new Map<string, { offers: string[]; customers: number; assigned: number }>();
  for await (const r of csvRecords(join(dir, 'variants.csv'), ['variant_id', 'creative', 'customers'], /^offer_\d+$/)) {
    const offers = r.slice(3);
    while (offers.length > 0 && offers[offers.length - 1] === '') offers.pop();
    if (variants.has(r[0]!)) problems.push({ rule: 'files', detail: `variants.csv lists variant ${r[0]} twice` });
    variants.set(r[0]!, { offers, customers: Number(r[2]), assigned: 0 });
  }
  const content = new Map<string, readonly string[]>();
  for await (const [customer, variant] of csvRecords(join(dir, 'assignments.csv'), ['customer_id', 'variant_id'])) {
    const v = variants.get(variant!);
    if (content.has(customer!)) problems.push({ rule: 'files', customer: customer!, detail: 'assignments.csv lists the customer twice' });
    if (v === undefined) {
      problems.push({ rule: 'files', customer: customer!, detail: `assignments.csv gives variant ${variant}, which variants.csv does not list` });
      continue;
    }
    v.assigned++;
    content.set(customer!, v.offers);
  }
  for (const [id, v] of variants) {
    if (v.customers !== v.assigned) problems.push({ rule: 'files', detail: `variants.csv says variant ${id} has ${v.customers} customer(s); assignments.csv assigns it to ${v.assigned}` });
  }
  return content;
}

/** offers.csv: each customer's printed lines, sorted by position, with bad positions and reasons reported. */
async function readOfferLines(dir: string, problems: AuditViolation[]): Promise<Map<string, Line[]>> {
  const lines = new Map<string, Line[]>();
  for await (const [customer, position, offer, , reason] of csvRecords(join(dir, 'offers.csv'), ['customer_id', 'position', 'offer_id', 'offer_name', 'reason'])) {
    const at = Number(position);
    if (!isPlacementName(reason)) problems.push({ rule: 'files', customer: customer!, offer: offer!, detail: `offers.csv reason "${reason}" is not a placement name; audited as targeted` });
    const list = lines.get(customer!) ?? [];
    list.push({ position: at, offer: offer!, placement: isPlacementName(reason) ? reason : 'targeted' });
    lines.set(customer!, list);
  }
  for (const [customer, list] of lines) {
    list.sort((a, b) => a.position - b.position);
    if (list.some((l, j) => l.position !== j + 1)) problems.push({ rule: 'files', customer, detail: `offers.csv positions are ${list.map((l) => l.position).join(', ')}, expected 1..${list.length}` });
  }
  return lines;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const traceText = (t: readonly TraceEntry[] | undefined): string => (t === undefined || t.length === 0 ? 'no mailer' : t.map((e) => `${e.position}:${e.offer}:${e.placement}`).join(' '));

/** The mailer of one offers.csv customer, checked against its variant and trace entries. */
function mailerOf(customer: string, lines: readonly Line[], content: readonly string[] | undefined, trace: readonly TraceEntry[] | undefined, hasTrace: boolean, problems: AuditViolation[]): PrintedMailer {
  const offers = lines.map((l) => l.offer);
  if (content === undefined) problems.push({ rule: 'files', customer, detail: 'offers.csv prints offers for the customer, but assignments.csv gives them no variant' });
  else if (!sameList(offers, content)) problems.push({ rule: 'files', customer, detail: `offers.csv lines [${offers.join(', ')}] differ from the customer's variant [${content.join(', ')}]` });
  const traceMatches = trace !== undefined && trace.length === lines.length && trace.every((t, j) => t.position === j + 1 && t.offer === lines[j]!.offer && t.placement === lines[j]!.placement);
  if (hasTrace && !traceMatches) {
    problems.push({ rule: 'files', customer, detail: `trace mailer (${traceText(trace)}) differs from offers.csv (${lines.map((l) => `${l.position}:${l.offer}:${l.placement}`).join(' ')})` });
  }
  const entries: PrintedEntry[] = lines.map((l, j) => ({ offer: l.offer, placement: l.placement, p: traceMatches ? trace[j]!.p : undefined }));
  return { customer, entries };
}

/**
 * Reads the mailing in `dir` as printed: every customer's offers in print order from `offers.csv`
 * (placement from its `reason` column), p(redeem) from `trace.ndjson.gz` when present. Checks the
 * manifest (`verifyManifest`: sizes, sha256, rows) and that the files agree: each customer's lines
 * equal the offers of the variant `assignments.csv` gives them, variant customer counts match the
 * assignments, and the trace's mailers equal `offers.csv`. Disagreements are returned as `files`
 * problems, manifest mismatches as `manifest` problems; a customer assigned a variant but without
 * lines gets the variant's offers (placements from the trace, else audited as targeted).
 *
 * @throws MailingReadError when the folder, its manifest or a CSV file is missing or not in offerkit's format.
 * @example
 * const printed = await readPrintedMailing('out/mailing');
 * auditPlan({ data, config, mailers: printed.mailers, problems: printed.problems }, printed.auditOptions);
 * Cost: O(total bytes of the files); memory O(offer lines).
 */
export async function readPrintedMailing(dir: string): Promise<PrintedMailing> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MailingReadError(dir, 'is not a folder; pass the mailing folder of a run (DIR/mailing)');
  const manifest = await readManifest(dir);
  const problems: AuditViolation[] = [];
  const check = await verifyManifest(dir);
  for (const detail of check.problems) problems.push({ rule: 'manifest', detail });
  const auditOptions = auditOptionsOf(manifest, problems);
  const content = await readVariants(dir, problems);
  const lines = await readOfferLines(dir, problems);
  const tracePath = join(dir, TRACE_FILE);
  const hasTrace = existsSync(tracePath);
  const trace = hasTrace ? await readTrace(tracePath) : new Map<string, TraceEntry[]>();
  const mailers: PrintedMailer[] = [];
  for (const [customer, list] of lines) mailers.push(mailerOf(customer, list, content.get(customer), trace.get(customer), hasTrace, problems));
  for (const [customer, offers] of content) {
    if (lines.has(customer)) continue;
    problems.push({ rule: 'files', customer, detail: `assignments.csv gives the customer a variant of ${offers.length} offer(s), but offers.csv has no line for them` });
    const t = trace.get(customer);
    mailers.push({ customer, entries: offers.map((offer, j) => ({ offer, placement: t?.[j]?.offer === offer && isPlacementName(t[j]!.placement) ? t[j]!.placement : 'targeted', p: undefined })) });
  }
  for (const [customer, t] of trace) {
    if (t.length > 0 && !lines.has(customer) && !content.has(customer)) problems.push({ rule: 'files', customer, detail: `the trace gives the customer a mailer (${traceText(t)}), but no file prints it` });
  }
  return { mailers, manifest, auditOptions, hasTrace, problems };
}
