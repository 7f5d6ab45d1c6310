import { parse } from 'csv-parse/sync';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleMailing, createLayout, MAILING_FILES, verifyManifest, writeMailing, type Manifest } from '../../src/assemble/index.js';
import { ingest, type Dataset } from '../../src/ingest/index.js';
import { PlacementReason, type MailerPlan } from '../../src/select/mailerPlan.js';
import { planFromRows, sampleSources } from './fixtures.js';

const T = PlacementReason.targeted;
const D = PlacementReason.decoy;
const G = PlacementReason.generic;
const layout = createLayout({ slots: ['targeted', 'targeted', 'targeted', 'generic'], creatives: { family: 'kids' } });
const config = { seed: 7, name: 'spring', slots: 3 };
const inputs = { 'offers.csv': 'a'.repeat(64), 'customers.csv': 'b'.repeat(64) };
const ALL_FILES = [...MAILING_FILES, 'manifest.json'];

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'offerkit-assemble-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Plan by offer ids so the same mailers can be built over differently interned data sets. */
function planByIds(data: Dataset): MailerPlan {
  const o = (id: string) => data.offers.ids.get(id);
  const rows: Record<string, { offers: number[]; reasons: number[] }> = {
    C1: { offers: [o('O-MILK'), o('O-BREAD'), o('O-NAPPY'), o('O-GEN')], reasons: [T, T, T, G] },
    C2: { offers: [o('O-MILK'), o('O-BREAD'), o('O-GEN')], reasons: [T, D, G] },
    'C,3': { offers: [o('O-MILK'), o('O-BREAD'), o('O-NAPPY'), o('O-GEN')], reasons: [T, T, T, G] },
    C4: { offers: [], reasons: [] },
    C5: { offers: [o('O-MILK'), o('O-BREAD'), o('O-GEN')], reasons: [T, T, G] },
    'C"6': { offers: [o('O-COFFEE')], reasons: [T] },
  };
  return planFromRows(data.customers.ids.ids.map((id) => rows[id]!), 4);
}

async function writeSample(dir: string, offerOrder?: number[], extra: Parameters<typeof writeMailing>[4] = {}) {
  const data = await ingest(sampleSources(offerOrder));
  const plan = planByIds(data);
  const mailing = assembleMailing(plan, data, { layout });
  const manifest = await writeMailing(dir, mailing, plan, data, { config, inputChecksums: inputs, libraryVersion: '0.1.0', ...extra });
  return { data, plan, mailing, manifest };
}

async function readAll(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const f of ALL_FILES) out[f] = await readFile(join(dir, f));
  return out;
}

describe('writeMailing', () => {
  it('writeMailing(dir, ...) writes byte-identical files on a rerun and leaves no temp files', async () => {
    const a = await tempDir();
    const b = await tempDir();
    await writeSample(a);
    await writeSample(b);
    expect(await readAll(b)).toEqual(await readAll(a));
    // Rewriting over existing outputs gives the same bytes too.
    await writeSample(a);
    expect(await readAll(a)).toEqual(await readAll(b));
    expect((await readdir(a)).sort()).toEqual([...ALL_FILES].sort());
  });

  it('writeMailing(dir, ...) output does not depend on how offers were interned', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const ra = await writeSample(a, [0, 1, 2, 3, 4]);
    const rb = await writeSample(b, [4, 3, 2, 1, 0]);
    expect(rb.data.offers.ids.get('O-MILK')).not.toBe(ra.data.offers.ids.get('O-MILK'));
    expect(rb.mailing.variants).toEqual(ra.mailing.variants);
    expect(await readAll(b)).toEqual(await readAll(a));
  });

  it('writeMailing(dir, ...) writes RFC 4180 CSV and NDJSON that parse back to the plan', async () => {
    const dir = await tempDir();
    const { data, plan, mailing, manifest } = await writeSample(dir);
    const text = (f: string) => readFile(join(dir, f), 'utf8');

    const variants = parse(await text('variants.csv'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(variants[0]!)).toEqual(['variant_id', 'creative', 'customers', 'offer_1', 'offer_2', 'offer_3', 'offer_4']);
    expect(variants.map((v) => [v.variant_id, v.creative, Number(v.customers), [v.offer_1, v.offer_2, v.offer_3, v.offer_4].filter((x) => x !== '')])).toEqual(
      mailing.variants.map((v) => [v.id, v.creative, v.customers, v.offers]),
    );
    expect(variants.reduce((s, v) => s + Number(v.customers), 0)).toBe(5);

    const assignments = parse(await text('assignments.csv'), { columns: true }) as Record<string, string>[];
    const expectedAssignments: [string, string][] = [];
    for (let c = 0; c < plan.customerCount; c++) {
      const v = mailing.customerVariant[c]!;
      if (v >= 0) expectedAssignments.push([data.customers.ids.id(c), mailing.variants[v]!.id]);
    }
    expect(assignments.map((r) => [r.customer_id, r.variant_id])).toEqual(expectedAssignments);
    expect(assignments.map((r) => r.customer_id)).toContain('C,3');

    const expectedLines: { customer: string; position: number; offer: string; name: string; reason: string }[] = [];
    const reasonName = Object.fromEntries(Object.entries(PlacementReason).map(([k, v]) => [v, k]));
    for (let c = 0; c < plan.customerCount; c++) {
      for (let j = 0; j < plan.count[c]!; j++) {
        const o = plan.offer[c * plan.stride + j]!;
        expectedLines.push({ customer: data.customers.ids.id(c), position: j + 1, offer: data.offers.ids.id(o), name: data.offers.records[o]!.name, reason: reasonName[plan.reason[c * plan.stride + j]!]! });
      }
    }
    const offersCsv = parse(await text('offers.csv'), { columns: true }) as Record<string, string>[];
    expect(offersCsv.map((r) => ({ customer: r.customer_id, position: Number(r.position), offer: r.offer_id, name: r.offer_name, reason: r.reason }))).toEqual(expectedLines);
    expect(offersCsv.map((r) => r.offer_name)).toContain('Nappies\nbig pack');
    const ndjson = (await text('offers.ndjson')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(ndjson).toEqual(expectedLines);

    expect((await text('offers.csv')).includes('\r\n')).toBe(true);
    expect(manifest.counts).toEqual({ customers: 6, customersMailed: 5, customersUnmailed: 1, variants: mailing.variants.length, offerLines: expectedLines.length, rejects: 0 });
  });

  it('writeMailing(dir, ...) records config, seed, inputs, version and every file in manifest.json', async () => {
    const dir = await tempDir();
    const { manifest } = await writeSample(dir);
    const onDisk = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(onDisk).toEqual(manifest);
    expect(manifest.seed).toBe(7);
    expect(manifest.config).toEqual(config);
    expect(manifest.inputs).toEqual(inputs);
    expect(manifest.library).toEqual({ name: 'offerkit', version: '0.1.0' });
    expect(manifest.layout).toEqual({ id: layout.id, slots: 4 });
    expect('createdAt' in manifest).toBe(false);
    expect(manifest.files.map((f) => f.name)).toEqual([...MAILING_FILES]);
    const variants = manifest.files.find((f) => f.name === 'variants.csv')!;
    expect(variants.rows).toBe(manifest.counts.variants);
    expect(variants.bytes).toBe((await readFile(join(dir, 'variants.csv'))).length);
    const stamped = await writeSample(await tempDir(), undefined, { createdAt: '2025-01-01T00:00:00Z', seed: 99 });
    expect(stamped.manifest.createdAt).toBe('2025-01-01T00:00:00Z');
    expect(stamped.manifest.seed).toBe(99);
  });

  it('verifyManifest(dir) accepts fresh outputs and detects one tampered byte, a missing file and a broken manifest', async () => {
    const dir = await tempDir();
    await writeSample(dir);
    expect(await verifyManifest(dir)).toEqual({ ok: true, problems: [] });

    const path = join(dir, 'offers.csv');
    const original = await readFile(path);
    const tampered = Buffer.from(original);
    tampered[tampered.length - 5] = tampered[tampered.length - 5]! ^ 1;
    await writeFile(path, tampered);
    const check = await verifyManifest(dir);
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([expect.stringMatching(/^offers\.csv: sha256 /)]);

    await writeFile(path, Buffer.concat([original, Buffer.from('x,1,y,z,targeted\r\n')]));
    const grown = await verifyManifest(dir);
    const rows = (await readFile(join(dir, 'manifest.json'), 'utf8')).match(/"name": "offers.csv",\s*"rows": (\d+)/)![1];
    expect(grown.problems).toEqual([
      `offers.csv: ${original.length + 18} bytes, manifest says ${original.length}`,
      expect.stringMatching(/^offers\.csv: sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}$/),
      `offers.csv: ${Number(rows) + 1} rows, manifest says ${rows}`,
    ]);

    await writeFile(path, original);
    await rm(join(dir, 'variants.csv'));
    expect((await verifyManifest(dir)).problems).toEqual([expect.stringMatching(/^variants\.csv: cannot be read/)]);

    await writeFile(join(dir, 'manifest.json'), '{ not json');
    expect((await verifyManifest(dir)).ok).toBe(false);
    expect((await verifyManifest(await tempDir())).problems[0]).toMatch(/manifest\.json cannot be read/);
  });

  it('writeMailing(dir, ...) that fails midway leaves the previous outputs intact and no temp files', async () => {
    const dir = await tempDir();
    const { data, plan, mailing } = await writeSample(dir);
    const before = await readAll(dir);
    // Offer records whose names throw on the 3rd read: the failure strikes after files were opened and partly written.
    let reads = 0;
    const records = data.offers.records.map((r) => ({
      ...r,
      get name(): string {
        if (++reads === 3) throw new Error('disk gremlin');
        return r.name;
      },
    }));
    const broken = { ...data, offers: { ...data.offers, records } };
    await expect(writeMailing(dir, mailing, plan, broken, { config, inputChecksums: inputs, libraryVersion: '0.1.0' })).rejects.toThrow('disk gremlin');
    expect(reads).toBe(3);
    expect((await readdir(dir)).sort()).toEqual([...ALL_FILES].sort());
    expect(await readAll(dir)).toEqual(before);
    expect((await verifyManifest(dir)).ok).toBe(true);

    // Into a fresh folder, a failed write leaves nothing at all (never a half file).
    const fresh = await tempDir();
    reads = 0;
    await expect(writeMailing(fresh, mailing, plan, broken)).rejects.toThrow('disk gremlin');
    expect(await readdir(fresh)).toEqual([]);
  });

  it('writeMailing(dir, ...) refuses a mailing that was not assembled from the plan', async () => {
    const dir = await tempDir();
    const { data, plan, mailing } = await writeSample(dir);
    const other = planFromRows(Array.from({ length: plan.customerCount }, (_, c) => ({ offers: c === 3 ? [] : [0], reasons: c === 3 ? [] : [T] })), 4);
    await expect(writeMailing(await tempDir(), mailing, other, data)).rejects.toThrow(TypeError);
    await expect(writeMailing(await tempDir(), mailing, planFromRows([], 4), data)).rejects.toThrow(RangeError);
    await expect(writeMailing(await tempDir(), mailing, plan, data, { inputChecksums: { x: 'nope' } })).rejects.toThrow(TypeError);
  });
});
