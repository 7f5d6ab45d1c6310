import { join } from 'node:path';
import { csvRow } from '../../assemble/csvCell.js';
import type { Manifest } from '../../assemble/manifest.js';
import type { AtomicFile } from '../../lib/atomicFile.js';
import { csvRows } from '../csvRows.js';

type Row = string[];

/** What {@link mergeVariants} wrote. */
export interface MergedVariants {
  /** Offer columns of the merged file: the widest shard layout. */
  readonly slots: number;
  /** Distinct variants written. */
  readonly variants: number;
  /** Offer id -> customers holding it in the union. */
  readonly usage: ReadonlyMap<string, number>;
}

/** The `variants.csv` header of a layout with `n` offer slots. */
function headerOf(n: number): string {
  const cells = ['variant_id', 'creative', 'customers'];
  for (let j = 1; j <= n; j++) cells.push(`offer_${j}`);
  return csvRow(cells);
}

/** Offer cells of a variant row, trailing padding dropped (shards pad to their own widths). */
function offersOf(row: Row): string[] {
  let end = row.length;
  while (end > 3 && row[end - 1] === '') end--;
  return row.slice(3, end);
}

/**
 * Writes the merged `variants.csv` into `sink`: a k-way merge of the shards' id-sorted files, one row
 * per variant id with the customer counts summed and offers padded to the widest layout, so the
 * file is sorted by id as a single run sorts it. Pushes bad headers, bad counts, unsorted files
 * and one id with two contents onto `problems`.
 * @example const { slots, variants, usage } = await mergeVariants(dirs, manifests, variantsCsv, problems);
 * Cost: O(shards x variant rows) time, O(shards + offers) memory.
 */
export async function mergeVariants(dirs: readonly string[], manifests: readonly Manifest[], sink: AtomicFile, problems: string[]): Promise<MergedVariants> {
  const count = dirs.length;
  let slots = 0;
  for (const m of manifests) slots = Math.max(slots, m.layout.slots);
  const its = dirs.map((d) => csvRows(join(d, 'variants.csv')));
  const heads: (Row | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const h = (await its[i]!.next()).value as Row | undefined;
    if (h === undefined || csvRow(h) !== headerOf(manifests[i]!.layout.slots)) problems.push(`shard ${i}: variants.csv header does not match its ${manifests[i]!.layout.slots}-slot layout`);
    const first = await its[i]!.next();
    heads.push(first.done === true ? undefined : first.value);
  }
  await sink.write(headerOf(slots));
  const usage = new Map<string, number>();
  let variants = 0;
  for (;;) {
    let min: string | undefined;
    for (const h of heads) if (h !== undefined && (min === undefined || h[0]! < min)) min = h[0]!;
    if (min === undefined) break;
    let customers = 0;
    let creative = '';
    let offers: string[] | undefined;
    for (let i = 0; i < count; i++) {
      const h = heads[i];
      if (h === undefined || h[0] !== min) continue;
      const n = Number(h[2]);
      if (!Number.isInteger(n) || n < 1) problems.push(`shard ${i}: variant ${min} has customer count "${h[2]}"`);
      customers += n;
      const o = offersOf(h);
      if (offers === undefined) {
        offers = o;
        creative = h[1]!;
      } else if (h[1] !== creative || o.join('\u0000') !== offers.join('\u0000')) {
        problems.push(`variant ${min} has different content in two shards (a content-hash collision or altered files)`);
      }
      const next = await its[i]!.next();
      heads[i] = next.done === true ? undefined : next.value;
      if (heads[i] !== undefined && !(heads[i]![0]! > min)) problems.push(`shard ${i}: variants.csv is not sorted by id at ${heads[i]![0]}`);
    }
    const cells: (string | number)[] = [min, creative, customers];
    for (let j = 0; j < slots; j++) cells.push(j < offers!.length ? offers![j]! : '');
    for (const id of offers!) usage.set(id, (usage.get(id) ?? 0) + customers);
    await sink.write(csvRow(cells));
    variants++;
  }
  return { slots, variants, usage };
}
