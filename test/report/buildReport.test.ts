import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport, REPORT_SECTIONS, runFacts, writeReport } from '../../src/report/index.js';
import { escapeHtml } from '../../src/report/html.js';
import { PlacementReason } from '../../src/select/mailerPlan.js';
import { HOSTILE, HOSTILE_CAMPAIGN, reportFixture, type ReportFixture } from './fixture.js';

let fx: ReportFixture;
let html: string;

beforeAll(async () => {
  fx = await reportFixture();
  html = buildReport(fx.input);
}, 60_000);

/** The HTML of one section, from its opening tag to its closing tag. */
function sectionHtml(doc: string, id: string): string | undefined {
  const start = doc.indexOf(`<section id="${id}"`);
  if (start < 0) return undefined;
  return doc.slice(start, doc.indexOf('</section>', start) + '</section>'.length);
}

describe('buildReport', () => {
  it('buildReport(input) has every section, each with as many rendered SVG charts as it declares', () => {
    // The fixture must exercise the privacy section for this test to mean anything.
    expect(fx.run.masking.report.some((r) => r.recipients > 0)).toBe(true);
    for (const id of REPORT_SECTIONS) {
      const s = sectionHtml(html, id);
      expect(s, id).toBeDefined();
      const declared = Number(/data-charts="(\d+)"/.exec(s!)![1]);
      expect(declared, id).toBeGreaterThan(0);
      expect(s!.match(/<svg[\s>]/g)?.length ?? 0, id).toBe(declared);
      // Every chart drew marks, not just an empty frame.
      for (const svg of s!.split('<svg').slice(1)) expect(svg.match(/<path|<line|<rect/g)?.length ?? 0, id).toBeGreaterThan(3);
    }
  });

  it('buildReport(input) escapes offer names and the campaign name, and carries no script or external reference', () => {
    // Booleans, not toContain: a failure would otherwise print the whole page.
    expect(html.includes('<img')).toBe(false);
    expect(html.includes(HOSTILE)).toBe(false);
    expect(html.includes('<b>sale</b>')).toBe(false);
    expect(html.includes(escapeHtml(HOSTILE_CAMPAIGN))).toBe(true);
    // The names do reach the page (chart labels and tables), escaped.
    expect(html.includes('&lt;img src=x onerror=')).toBe(true);
    // Nothing runs or loads: no script, stylesheet link, frame, import or external URL (clip paths use url(#id)).
    expect(/<script|<link|<iframe|@import|url\((?!#)|src="http|href="http/i.test(html)).toBe(false);
  });

  it('buildReport(input) prints the run numbers it is built from', () => {
    const stats = fx.run.mailing.stats;
    const glance = sectionHtml(html, 'glance')!;
    expect(glance).toContain(`>${stats.variants.toLocaleString('en-US')}<`);
    expect(glance).toContain(`>${fx.data.customers.ids.size.toLocaleString('en-US')}<`);
    const m = fx.input.measurement!;
    const targeted = m.cells[2].redemption!;
    expect(sectionHtml(html, 'measurement')).toContain(`${(100 * targeted.rate!).toFixed(2)}%`);
  });

  it('buildReport({ run, data }) without measurement or backtest says so and leaves the backtest out', () => {
    const bare = buildReport({ run: fx.run, data: fx.data, title: 'Bare <report>' });
    expect(sectionHtml(bare, 'backtest')).toBeUndefined();
    expect(sectionHtml(bare, 'measurement')).toContain('Not measured yet');
    expect(sectionHtml(bare, 'measurement')).toContain('data-charts="0"');
    expect(bare).toContain('<title>Bare &lt;report&gt;</title>');
  });

  it('buildReport(input) is deterministic and does not mutate the run', () => {
    const before = [fx.run.plan.offer.slice(), fx.run.plan.count.slice(), fx.run.candidates.score.slice(), fx.run.selection.plan.reason.slice()];
    const again = buildReport(fx.input);
    expect(again).toBe(html);
    const after = [fx.run.plan.offer, fx.run.plan.count, fx.run.candidates.score, fx.run.selection.plan.reason];
    for (let i = 0; i < before.length; i++) expect(after[i]).toEqual(before[i]);
  });
});

describe('runFacts', () => {
  it('runFacts(run, data) agrees with a plain count over the plan', () => {
    const f = runFacts(fx.run, fx.data);
    const plan = fx.run.plan;
    let mailers = 0;
    let coupons = 0;
    const used = new Set<number>();
    for (let c = 0; c < plan.customerCount; c++) {
      if (plan.count[c]! > 0) mailers++;
      for (let j = 0; j < plan.count[c]!; j++) {
        used.add(plan.offer[c * plan.stride + j]!);
        coupons++;
      }
    }
    expect(f.mailers).toBe(mailers);
    expect(f.offersUsed).toBe(used.size);
    expect(f.printed.reduce((s, x) => s + x, 0)).toBe(coupons);
    expect(f.audience.reduce((s, a) => s + a.customers, 0)).toBe(plan.customerCount);
    expect(f.topScore.reduce((s, b) => s + b.count, 0)).toBe(f.scoredCustomers);
    let fallback = 0;
    const sel = fx.run.selection.plan;
    for (let e = 0; e < sel.reason.length; e++) if (sel.offer[e]! >= 0 && sel.reason[e] === PlacementReason.fallback) fallback++;
    expect(f.fallbackCoupons).toBe(fallback);
    expect(f.relevantPerMailer.slice(0, fx.run.config.slots).reduce((s, x) => s + x, 0)).toBe(f.shortMailers);
    expect(f.expectedRedemptions).toBeGreaterThan(0);
    expect(f.expectedRedemptions).toBeLessThanOrEqual(0.3 * coupons);
  });
});

describe('writeReport', () => {
  it('writeReport(path, input) replaces the file whole and leaves no temp file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offerkit-report-'));
    try {
      const path = join(dir, 'nested', 'report.html');
      await writeReport(path, { run: fx.run, data: fx.data });
      await writeFile(path, 'old');
      await writeReport(path, { run: fx.run, data: fx.data });
      const written = await readFile(path, 'utf8');
      expect(written.startsWith('<!doctype html>') && written.endsWith('</html>\n')).toBe(true);
      expect(await readdir(join(dir, 'nested'))).toEqual(['report.html']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
