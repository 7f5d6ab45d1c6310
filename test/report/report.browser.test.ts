import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo.js';
import { writeReport } from '../../src/report/index.js';

// The page callbacks run in the browser; the project compiles without the DOM lib, so the few
// browser globals they use are declared here, scoped to this module.
interface Box {
  readonly width: number;
  readonly height: number;
  readonly right: number;
}
interface DomElement {
  getBoundingClientRect(): Box;
  querySelectorAll(selector: string): { readonly length: number };
}
declare const document: { readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number } };
declare function getComputedStyle(element: unknown): { readonly display: string };

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report.browser.test: skipped, ${CHROMIUM} is absent (CI installs Debian chromium there)`);
const SCREENSHOT = join(dirname(fileURLToPath(import.meta.url)), '__screenshots__', 'report.png');

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  let dir: string;
  let reportPath: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offerkit-report-browser-'));
    const demo = await runDemo({ customers: 1_500, offers: 200, seed: 2, outDir: dir });
    reportPath = join(dir, 'report.html');
    await writeReport(reportPath, { run: demo.run, data: demo.data, measurement: demo.measurement, quality: demo.quality });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('writeReport(outDir/report.html) opens from file:// with every chart drawn, no console error and no network', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });

    const sections = await page.$$eval('main > section', (nodes) =>
      nodes.map((s) => ({
        id: s.id,
        declared: Number(s.getAttribute('data-charts')),
        charts: Array.from(s.querySelectorAll('svg, canvas') as unknown as ArrayLike<DomElement>).map((el) => {
          const box = el.getBoundingClientRect();
          return { width: box.width, height: box.height, marks: el.querySelectorAll('path, line, rect, text').length };
        }),
      })),
    );
    expect(sections.map((s) => s.id)).toEqual(['glance', 'scores', 'coverage', 'variants', 'privacy', 'measurement', 'details']);
    for (const s of sections) {
      expect(s.declared, s.id).toBeGreaterThan(0);
      expect(s.charts.length, s.id).toBe(s.declared);
      for (const c of s.charts) {
        expect(c.width, s.id).toBeGreaterThan(100);
        expect(c.height, s.id).toBeGreaterThan(50);
        expect(c.marks, s.id).toBeGreaterThan(10);
      }
    }
    // Nothing sticks out sideways at laptop width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    expect(requests.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);

    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(10_000);

    // Print: the navigation is hidden and every chart fits the A4 text width (about 700 CSS px).
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 700, height: 900 });
    expect(await page.$eval('nav', (n) => getComputedStyle(n).display)).toBe('none');
    const widest = await page.$$eval('svg', (svgs) => Math.max(...(svgs as unknown as DomElement[]).map((s) => s.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(700);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    await page.close();
  }, 60_000);
});
