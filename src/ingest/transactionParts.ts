import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basketHashInto, sortLines, type LineColumns, type SortBuffers, type TransactionParts, type TransactionTable } from './transactionTable.js';
import { processAlive } from '../lib/processAlive.js';

/** Options of {@link TransactionSpill}. */
export interface TransactionSpillOptions {
  /** Parent folder of the spill's temporary folder. Default `os.tmpdir()`. */
  dir?: string;
  /** Customers per part: a part's lines are what is in memory at once when loading. Default `50_000`. */
  partCustomers?: number;
}

/** Lines buffered per part before a block is written. */
const BLOCK_LINES = 8192;
/** Bytes a line takes in a block: spend, discount (f64), customer, product, day, basket hash hi/lo (i32), quantity (f32). */
const LINE_BYTES = 8 + 8 + 4 * 5 + 4;
/** Block header: line count (i32) and padding, so the f64 columns stay 8-byte aligned. */
const HEADER_BYTES = 8;

/** One part's write buffer: a block of columns over one ArrayBuffer, laid out exactly as written. */
class PartBuffer {
  readonly bytes = new Uint8Array(HEADER_BYTES + BLOCK_LINES * LINE_BYTES);
  readonly header = new Int32Array(this.bytes.buffer, 0, 2);
  readonly spend = new Float64Array(this.bytes.buffer, HEADER_BYTES, BLOCK_LINES);
  readonly discount = new Float64Array(this.bytes.buffer, HEADER_BYTES + 8 * BLOCK_LINES, BLOCK_LINES);
  readonly ints = new Int32Array(this.bytes.buffer, HEADER_BYTES + 16 * BLOCK_LINES, 5 * BLOCK_LINES);
  readonly quantity = new Float32Array(this.bytes.buffer, HEADER_BYTES + 36 * BLOCK_LINES, BLOCK_LINES);
  count = 0;
  lines = 0;
  constructor(readonly fd: number) {}
}

const live = new Set<string>();

/**
 * Removes spill folders in the system temp folder left by processes that died without cleaning up
 * (killed runs): their names carry the pid. Only the default temp folder is swept, because a
 * `dir` given by the caller may be shared with other machines, where a pid means nothing.
 */
function sweepDeadSpills(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^offerkit-lines-(\d+)-/.exec(name);
    if (m !== null && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) rmSync(join(parent, name), { recursive: true, force: true });
  }
}
let exitHookInstalled = false;
function removeOnExit(dir: string): void {
  live.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const d of live) rmSync(d, { recursive: true, force: true });
  });
}

/**
 * Writes transaction lines into {@link TransactionParts} as they arrive: each line goes to the
 * part of its customer's range through a fixed block buffer, so memory stays at one block per part
 * (about 330 kB) whatever the number of lines. Basket ids are hashed on the way in
 * ({@link basketHashInto}), as the in-memory table does.
 *
 * @example
 * const spill = new TransactionSpill(customers.ids.size, { partCustomers: 50_000 });
 * spill.push(c, p, day, 'basket-1', 1, 2.5, 0);
 * const table = spill.finish(); // no lines in memory: table.parts holds them
 * const first = table.parts!.load(0); // lines of customers 0 .. 49,999
 *
 * Cost: O(1) a line plus one write per 8,192 lines of a part.
 */
export class TransactionSpill {
  private readonly dir: string;
  private readonly partCustomers: number;
  private readonly partStart: Int32Array;
  private readonly buffers: PartBuffer[] = [];
  private finished = false;
  private readonly hash = new Int32Array(2);
  private minDay = Infinity;
  private maxDay = -Infinity;
  private lines = 0;

  constructor(
    private readonly customerCount: number,
    options: TransactionSpillOptions = {},
  ) {
    const partCustomers = options.partCustomers ?? 50_000;
    if (!Number.isInteger(partCustomers) || partCustomers < 1) throw new RangeError(`TransactionSpill: partCustomers must be an integer >= 1, got ${partCustomers}`);
    this.partCustomers = partCustomers;
    const parts = Math.max(1, Math.ceil(customerCount / partCustomers));
    this.partStart = new Int32Array(parts + 1);
    for (let p = 0; p <= parts; p++) this.partStart[p] = Math.min(customerCount, p * partCustomers);
    if (options.dir === undefined) sweepDeadSpills(tmpdir());
    this.dir = mkdtempSync(join(options.dir ?? tmpdir(), `offerkit-lines-${process.pid}-`));
    removeOnExit(this.dir);
    for (let p = 0; p < parts; p++) this.buffers.push(new PartBuffer(openSync(join(this.dir, `part-${p}.bin`), 'w')));
  }

  /** Appends one line; `customer` and `product` are dense indices, `basket` the raw basket id. */
  push(customer: number, product: number, day: number, basket: string, quantity: number, spend: number, discount: number): void {
    basketHashInto(basket, this.hash);
    const b = this.buffers[Math.floor(customer / this.partCustomers)]!;
    const k = b.count;
    b.spend[k] = spend;
    b.discount[k] = discount;
    b.ints[k] = customer;
    b.ints[BLOCK_LINES + k] = product;
    b.ints[2 * BLOCK_LINES + k] = day;
    b.ints[3 * BLOCK_LINES + k] = this.hash[0]!;
    b.ints[4 * BLOCK_LINES + k] = this.hash[1]!;
    b.quantity[k] = quantity;
    b.count = k + 1;
    if (b.count === BLOCK_LINES) this.flush(b);
    if (day < this.minDay) this.minDay = day;
    if (day > this.maxDay) this.maxDay = day;
    this.lines++;
  }

  private flush(b: PartBuffer): void {
    if (b.count === 0) return;
    b.header[0] = b.count;
    // A short last block is written at full size: the reader uses the header's count, and fixed-size blocks keep reads simple.
    writeSync(b.fd, b.bytes);
    b.lines += b.count;
    b.count = 0;
  }

  /** Closes and deletes the part files without finishing (ingest failed); the spill is used up. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    for (const b of this.buffers) closeSync(b.fd);
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this.dir);
  }

  /**
   * Writes the last blocks, closes the files and returns the table that describes them: counts and
   * day range of every line, an all-zero `rowPtr`, empty columns, and the lines in `parts`. The spill
   * is used up.
   */
  finish(): TransactionTable {
    if (this.finished) throw new TypeError('TransactionSpill: finish() was already called');
    this.finished = true;
    const partLines = new Float64Array(this.buffers.length);
    this.buffers.forEach((b, p) => {
      this.flush(b);
      closeSync(b.fd);
      partLines[p] = b.lines;
    });
    const { dir, partStart, customerCount } = this;
    const parts: TransactionParts = {
      dir,
      customerCount,
      partStart,
      partLines,
      load: (part) => loadPart(dir, part, partStart, partLines),
      scan: (visit) => scanParts(dir, partStart, partLines, visit),
      remove: () => {
        rmSync(dir, { recursive: true, force: true });
        live.delete(dir);
      },
    };
    const any = this.lines > 0;
    return {
      rowPtr: new Int32Array(customerCount + 1),
      product: new Int32Array(0),
      day: new Int32Array(0),
      basket: new Int32Array(0),
      quantity: new Float32Array(0),
      spend: new Float64Array(0),
      discount: new Float64Array(0),
      length: this.lines,
      minDay: any ? this.minDay : 0,
      maxDay: any ? this.maxDay : 0,
      parts,
    };
  }
}

/** Source columns (arrival order) for `lines` lines. */
function lineColumns(lines: number): LineColumns & SortBuffers {
  return {
    customer: new Int32Array(lines),
    product: new Int32Array(lines),
    day: new Int32Array(lines),
    basketHi: new Int32Array(lines),
    basketLo: new Int32Array(lines),
    quantity: new Float32Array(lines),
    spend: new Float64Array(lines),
    discount: new Float64Array(lines),
    order: new Int32Array(lines),
  };
}

/** Reads part `part`'s lines into `into` (arrival order, customers made local to the part); returns their count. */
function readPart(dir: string, part: number, first: number, into: LineColumns): number {
  const block = new PartBuffer(-1);
  const fd = openSync(join(dir, `part-${part}.bin`), 'r');
  let at = 0;
  try {
    let position = 0;
    for (;;) {
      const read = readSync(fd, block.bytes, 0, block.bytes.length, position);
      if (read === 0) break;
      if (read !== block.bytes.length) throw new RangeError(`TransactionParts: part ${part} is truncated at byte ${position}`);
      position += read;
      const n = block.header[0]!;
      const { ints } = block;
      for (let k = 0; k < n; k++) into.customer[at + k] = ints[k]! - first;
      into.product.set(ints.subarray(BLOCK_LINES, BLOCK_LINES + n), at);
      into.day.set(ints.subarray(2 * BLOCK_LINES, 2 * BLOCK_LINES + n), at);
      into.basketHi.set(ints.subarray(3 * BLOCK_LINES, 3 * BLOCK_LINES + n), at);
      into.basketLo.set(ints.subarray(4 * BLOCK_LINES, 4 * BLOCK_LINES + n), at);
      into.quantity.set(block.quantity.subarray(0, n), at);
      into.spend.set(block.spend.subarray(0, n), at);
      into.discount.set(block.discount.subarray(0, n), at);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return at;
}

function checkPart(part: number, partLines: Float64Array): void {
  if (!Number.isInteger(part) || part < 0 || part >= partLines.length) throw new RangeError(`TransactionParts.load: part ${part} is outside 0..${partLines.length - 1}`);
}

function loadPart(dir: string, part: number, partStart: Int32Array, partLines: Float64Array): TransactionTable {
  checkPart(part, partLines);
  const first = partStart[part]!;
  const src = lineColumns(partLines[part]!);
  const n = readPart(dir, part, first, src);
  return sortLines(src, n, partStart[part + 1]! - first);
}

function scanParts(dir: string, partStart: Int32Array, partLines: Float64Array, visit: (table: TransactionTable, firstCustomer: number, part: number) => void): void {
  let largest = 0;
  for (let p = 0; p < partLines.length; p++) largest = Math.max(largest, partLines[p]!);
  const src = lineColumns(largest);
  const out = lineColumns(largest);
  for (let p = 0; p < partLines.length; p++) {
    const first = partStart[p]!;
    const n = readPart(dir, p, first, src);
    visit(sortLines(src, n, partStart[p + 1]! - first, out), first, p);
  }
}
