import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest, type Dataset } from '../../src/ingest/index.js';
import { generateRetailer } from '../../src/synth/index.js';

/** A small synthetic retailer, ingested once per test file (seeded: same data every run). */
let cached: Promise<Dataset> | undefined;
export function smallRetailer(): Promise<Dataset> {
  cached ??= (async () => {
    const r = generateRetailer({ customers: 1_200, offers: 150, seed: 11 });
    return ingest({ products: r.products, customers: r.customers, offers: r.offers, transactions: r.transactions(), contacts: r.contacts });
  })();
  return cached;
}

/** A campaign config with a binding capacity somewhere (the synthetic offers carry some) and k-anonymity off. */
export const CONFIG = { name: 'test-campaign', seed: 5, slots: 5, topK: 12 } as const;

const dirs: string[] = [];
/** A fresh temp folder, removed by {@link removeTempDirs}. */
export async function tempDir(prefix = 'offerkit-campaign-'): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
export async function removeTempDirs(): Promise<void> {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
}

/** File name -> bytes of every regular file in `dir` (not recursing, temp files excluded). */
export async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isFile() && !e.name.startsWith('.')) out.set(e.name, await readFile(join(dir, e.name)));
  }
  return out;
}

/** Names of the files whose bytes differ (or exist on one side only). */
export function differingFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => a.get(n) === undefined || b.get(n) === undefined || !a.get(n)!.equals(b.get(n)!)).sort();
}
