import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPlan, MailingReadError, printedPlanOf, readPrintedMailing, type PrintedMailer } from '../../../src/assemble/audit/index.js';
import { TRACE_FILE } from '../../../src/assemble/writeMailing.js';
import { runCampaign, type CampaignRun } from '../../../src/campaign.js';
import { CELL_NAMES } from '../../../src/measure/assignCells.js';
import { removeTempDirs, smallRetailer, tempDir } from '../../campaign/fixtures.js';

afterAll(removeTempDirs);

let run: CampaignRun;
let written: string;
beforeAll(async () => {
  const data = await smallRetailer();
  written = join(await tempDir('offerkit-audit-'), 'mailing');
  run = await runCampaign({ name: 'audit-files', seed: 4, slots: 4, privacy: { sensitiveTags: [] } }, data, { outDir: written });
});

/** A fresh copy of the written mailing folder, to corrupt. */
async function copyOfMailing(): Promise<string> {
  const dir = join(await tempDir('offerkit-audit-'), 'mailing');
  await cp(written, dir, { recursive: true });
  return dir;
}

const withoutP = (mailers: readonly PrintedMailer[]) => mailers.map((m) => ({ customer: m.customer, entries: m.entries.map((e) => ({ offer: e.offer, placement: e.placement })) }));

/** The trace lines of the run: one per customer, its printed mailer with a p of 0.01 on every entry. */
function traceLines(edit: (customer: string) => string | undefined = () => undefined): string[] {
  const { plan, data, cells } = run;
  const lines: string[] = [];
  const names = ['targeted', 'discovery', 'fallback', 'generic', 'decoy', 'cover'];
  for (let c = 0; c < plan.customerCount; c++) {
    const id = data.customers.ids.id(c);
    const mailer = Array.from({ length: plan.count[c]! }, (_, j) => ({
      position: j + 1,
      offer: data.offers.ids.id(plan.offer[c * plan.stride + j]!),
      placement: edit(id) ?? names[plan.reason[c * plan.stride + j]!],
      value: 0,
      p: 0.01,
    }));
    lines.push(JSON.stringify({ customer: id, cell: CELL_NAMES[cells[c]!], status: 'eligible', mailer, candidates: [], changes: [] }));
  }
  return lines;
}

/** Writes `lines` as trace.ndjson.gz in two gzip members, as a writer flushing in parts would. */
async function writeTrace(dir: string, lines: readonly string[]): Promise<void> {
  const half = Math.floor(lines.length / 2);
  const part = (from: number, to: number) => gzipSync(lines.slice(from, to).map((l) => `${l}\n`).join(''));
  await writeFile(join(dir, TRACE_FILE), Buffer.concat([part(0, half), part(half, lines.length)]));
}

describe('readPrintedMailing', () => {
  it('readPrintedMailing(dir) reads back what runCampaign printed, and the files pass the audit', async () => {
    const printed = await readPrintedMailing(written);
    expect(printed.problems).toEqual([]);
    expect(withoutP(printed.mailers)).toEqual(withoutP(printedPlanOf(run.plan, run.data)));
    const result = auditPlan({ data: run.data, config: run.config, mailers: printed.mailers, problems: printed.problems }, printed.auditOptions);
    expect(result.violations).toEqual([]);
    if (!printed.hasTrace) expect(result.notChecked).toEqual(['budget', 'campaignBudget']);
    else {
      // The trace writes p with enough digits to give back the plan's float32 exactly.
      const inMemory = printedPlanOf(run.plan, run.data);
      printed.mailers.forEach((m, i) => m.entries.forEach((e, j) => expect(Math.fround(e.p!)).toBe(inMemory[i]!.entries[j]!.p)));
      expect(result.notChecked).toEqual([]);
    }
  });

  it('readPrintedMailing(dir) reports a corrupted byte of offers.csv as a manifest problem', async () => {
    const dir = await copyOfMailing();
    const path = join(dir, 'offers.csv');
    const bytes = await readFile(path);
    // The first letter of the offer name on the middle line: the CSV still parses, only the checksum tells.
    let at = bytes.indexOf('\r\n', Math.floor(bytes.length / 2)) + 2;
    for (let commas = 0; commas < 3; at++) if (bytes[at] === 0x2c) commas++;
    while (!/[a-zA-Z]/.test(String.fromCharCode(bytes[at]!))) at++;
    bytes[at] = bytes[at] === 0x5a || bytes[at] === 0x7a ? bytes[at]! - 1 : bytes[at]! + 1;
    await writeFile(path, bytes);
    const printed = await readPrintedMailing(dir);
    expect(printed.problems.length).toBeGreaterThan(0);
    expect(new Set(printed.problems.map((p) => p.rule))).toEqual(new Set(['manifest']));
    expect(printed.problems[0]!.detail).toMatch(/^offers\.csv: sha256/);
    const result = auditPlan({ data: run.data, config: run.config, mailers: printed.mailers, problems: printed.problems });
    expect(result.ok).toBe(false);
    expect(result.counts.manifest).toBe(printed.problems.length);
  });

  it('readPrintedMailing(dir) reports a customer moved to another variant in assignments.csv as a files problem', async () => {
    const dir = await copyOfMailing();
    const path = join(dir, 'assignments.csv');
    const rows = (await readFile(path, 'utf8')).split('\r\n');
    const target = rows.slice(1).find((r) => r !== '' && r.split(',')[1] !== rows[1]!.split(',')[1])!;
    const moved = rows[1]!.split(',')[0]!;
    rows[1] = `${moved},${target.split(',')[1]}`;
    await writeFile(path, rows.join('\r\n'));
    const printed = await readPrintedMailing(dir);
    const files = printed.problems.filter((p) => p.rule === 'files');
    expect(files.some((p) => p.customer === moved && /differ from the customer's variant/.test(p.detail))).toBe(true);
    expect(files.filter((p) => /variants\.csv says variant/.test(p.detail))).toHaveLength(2);
    expect(printed.problems.some((p) => p.rule === 'manifest')).toBe(true);
  });

  it('readPrintedMailing(dir) takes p(redeem) from a multi-member trace.ndjson.gz, so budgets are checked', async () => {
    const dir = await copyOfMailing();
    await writeTrace(dir, traceLines());
    const printed = await readPrintedMailing(dir);
    expect(printed.hasTrace).toBe(true);
    expect(printed.problems.filter((p) => p.rule === 'files')).toEqual([]);
    expect(printed.mailers.every((m) => m.entries.every((e) => e.p === 0.01))).toBe(true);
    const result = auditPlan({ data: run.data, config: run.config, mailers: printed.mailers }, { campaignBudget: 1e9 });
    expect(result.notChecked).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('readPrintedMailing(dir) reports a trace mailer that differs from offers.csv as a files problem', async () => {
    const dir = await copyOfMailing();
    const victim = printedPlanOf(run.plan, run.data)[0]!.customer;
    await writeTrace(dir, traceLines((id) => (id === victim ? 'cover' : undefined)));
    const printed = await readPrintedMailing(dir);
    const files = printed.problems.filter((p) => p.rule === 'files');
    expect(files).toHaveLength(1);
    expect(files[0]!.customer).toBe(victim);
    // That customer's p is unknown, so budgets are not checked.
    expect(printed.mailers.find((m) => m.customer === victim)!.entries.every((e) => e.p === undefined)).toBe(true);
  });

  it("readPrintedMailing(dir) reads the manifest's audit block into audit options and reports malformed fields", async () => {
    const dir = await copyOfMailing();
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...manifest, audit: { day: run.day, campaignBudget: null, mailerChannel: 'mail', fallbackPropensity: 0.05 } }));
    expect((await readPrintedMailing(dir)).auditOptions).toEqual({ day: run.day, mailerChannel: 'mail', fallbackPropensity: 0.05 });
    await writeFile(path, JSON.stringify({ ...manifest, audit: { day: 'soon', campaignBudget: 12 } }));
    const printed = await readPrintedMailing(dir);
    expect(printed.auditOptions).toEqual({ campaignBudget: 12 });
    expect(printed.problems.map((p) => p.rule)).toEqual(['manifest']);
  });

  it('readPrintedMailing(dir) throws a MailingReadError for a missing folder, a folder without manifest and a CSV of another shape', async () => {
    const base = await tempDir('offerkit-audit-');
    await expect(readPrintedMailing(join(base, 'nothing'))).rejects.toThrow(MailingReadError);
    await mkdir(join(base, 'empty'));
    await expect(readPrintedMailing(join(base, 'empty'))).rejects.toThrow(/manifest\.json: cannot be read/);
    const dir = await copyOfMailing();
    await writeFile(join(dir, 'offers.csv'), 'customer,offer\r\nC1,O1\r\n');
    await expect(readPrintedMailing(dir)).rejects.toThrow(/offers\.csv: header is "customer,offer"/);
    await rm(join(dir, 'variants.csv'));
    await expect(readPrintedMailing(dir)).rejects.toThrow(MailingReadError);
  });
});
