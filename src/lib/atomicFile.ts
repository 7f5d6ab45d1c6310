import { createHash, randomBytes, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createGzip, gzipSync, type Gzip } from 'node:zlib';

/** Size, checksum and data rows of one written file. */
export interface WrittenFile {
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number;
}

/** Options of {@link AtomicFile.open} and {@link writeFileAtomic}. */
export interface AtomicFileOptions {
  /**
   * Compress the file. `true`: one gzip member per flush, so files compressed apart concatenate into
   * one valid gzip file (the mailing's trace, merged shard by shard). `'stream'`: one gzip stream over
   * the whole file (the CSV writer's format). Both read the same with `zcat` or zlib, but their bytes
   * differ, and published files are pinned by checksum, so each writer keeps its own. Default `false`.
   */
  gzip?: boolean | 'stream';
  /**
   * fsync the temp file before it is closed, so a published file survives a crash of the machine.
   * `false` suits files the caller can write again (a generated data set of gigabytes, whose flush to
   * disk would cost seconds). Default `true`.
   */
  sync?: boolean;
}

/** Characters buffered before a write to disk: big enough to amortise the syscall, small enough to stream. */
const CHUNK_CHARS = 1 << 16;
/** A gzip file is compressed in members of about this many characters: large enough that member headers cost nothing and the ratio matches one stream. */
const GZIP_CHUNK_CHARS = 1 << 22;
/** Bytes given to `write` are gathered into writes of about this size (an await per small row left the merge waiting on I/O). */
const FLUSH_BYTES = 1 << 20;

/**
 * A file written through a temp file in the same folder (so the final rename is atomic on one file
 * system), hashed (sha256), sized and row-counted while it streams. Readers see either the previous
 * file or the whole new one, never a half file. The one writer of every output file: mailing files,
 * merged shards, shard records, prices, the report and CSV data sets.
 *
 * Text goes in with `add` / `addRow` and leaves when the caller flushes (`full` says when), so a hot
 * loop decides where its awaits fall; bytes go in with `write`, which copies them and flushes by
 * itself every ~1 MB. Both may be mixed; the file holds them in call order.
 *
 * @example
 * const f = await AtomicFile.open('/out/variants.csv');
 * f.add('header\r\n'); f.addRow('a\r\n'); if (f.full) await f.flush();
 * await f.close(); await f.publish(); // -> renamed into place
 * Cost: O(bytes written), plus the compression with `gzip`; memory one chunk (64 KiB of text, 4 Mi
 * characters in gzip members, 1 MB of bytes).
 */
export class AtomicFile {
  private text = '';
  /** Bytes from `write` (and text queued before them) not yet flushed. */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private bytes = 0;
  private plain = 0;
  private rows = 0;
  private readonly hash: Hash = createHash('sha256');
  private handle: FileHandle | undefined;
  private done = false;
  /** With `gzip: 'stream'`: the compressor, and what it produced that is not on disk yet. */
  private readonly deflater: Gzip | undefined;
  private deflated: Buffer[] = [];

  private constructor(
    readonly path: string,
    readonly tempPath: string,
    handle: FileHandle,
    private readonly gzip: boolean | 'stream',
    private readonly sync: boolean,
  ) {
    this.handle = handle;
    if (gzip === 'stream') {
      this.deflater = createGzip();
      this.deflater.on('data', (chunk: Buffer) => this.deflated.push(chunk));
      // A failure reaches the caller through the write callback or the awaited 'end'; unheard, it would crash the process.
      this.deflater.on('error', () => undefined);
    }
  }

  /**
   * Creates the temp file next to `path` (exclusive create, random suffix). With `gzip`, size and
   * sha256 are those of the compressed bytes, rows those of the text.
   */
  static async open(path: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    const tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    return new AtomicFile(path, tempPath, await open(tempPath, 'wx'), options.gzip ?? false, options.sync ?? true);
  }

  /** Whether the text buffer should be flushed before adding more. */
  get full(): boolean {
    return this.text.length >= (this.gzip === true ? GZIP_CHUNK_CHARS : CHUNK_CHARS);
  }

  /** Bytes flushed so far before compression (the file's size when not compressed). */
  get uncompressedBytes(): number {
    return this.plain;
  }

  /** Buffers text that is not a data row (a header). */
  add(text: string): void {
    this.text += text;
  }

  /** Buffers one data row (counted in `rows`). */
  addRow(text: string): void {
    this.text += text;
    this.rows++;
  }

  /** Appends bytes (strings as UTF-8), copied: callers may reuse their buffer once the call returns. */
  async write(data: Uint8Array | string): Promise<void> {
    this.queueText();
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    this.chunks.push(buf);
    this.chunkBytes += buf.length;
    if (this.chunkBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Moves buffered text behind the queued bytes, so the file keeps call order. */
  private queueText(): void {
    if (this.text.length === 0) return;
    const buf = Buffer.from(this.text, 'utf8');
    this.text = '';
    this.chunks.push(buf);
    this.chunkBytes += buf.length;
  }

  /** Writes what is buffered to the temp file (compressed with `gzip`), hashing it on the way. */
  async flush(): Promise<void> {
    this.queueText();
    if (this.chunkBytes === 0) return;
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.chunkBytes);
    this.chunks = [];
    this.chunkBytes = 0;
    this.plain += buf.length;
    if (this.deflater !== undefined) {
      const deflater = this.deflater;
      await new Promise<void>((resolve, reject) => deflater.write(buf, (error) => (error ? reject(error) : resolve())));
      await this.writeDeflated();
    } else {
      // Level 6 and no timestamp (Node writes mtime 0): the same text always gives the same bytes.
      await this.put(this.gzip === true ? gzipSync(buf, { level: 6 }) : buf);
    }
  }

  private async writeDeflated(): Promise<void> {
    const out = this.deflated;
    this.deflated = [];
    for (const buf of out) await this.put(buf);
  }

  private async put(buf: Buffer): Promise<void> {
    this.hash.update(buf);
    this.bytes += buf.length;
    let off = 0;
    while (off < buf.length) off += (await this.handle!.write(buf, off, buf.length - off)).bytesWritten;
  }

  /** Flushes, syncs and closes the temp file; returns what it holds. The final path is untouched. */
  async close(): Promise<WrittenFile> {
    await this.flush();
    if (this.deflater !== undefined) {
      const ended = once(this.deflater, 'end');
      this.deflater.end();
      await ended;
      await this.writeDeflated();
    }
    if (this.sync) await this.handle!.sync();
    await this.handle!.close();
    this.handle = undefined;
    return { bytes: this.bytes, sha256: this.hash.digest('hex'), rows: this.rows };
  }

  /** Renames the closed temp file over the final path. */
  async publish(): Promise<void> {
    await rename(this.tempPath, this.path);
    this.done = true;
  }

  /** Closes and deletes the temp file unless it was published; never throws. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.deflater?.destroy();
    if (this.handle !== undefined) await this.handle.close().catch(() => undefined);
    this.handle = undefined;
    await unlink(this.tempPath).catch(() => undefined);
  }
}

/**
 * Writes a whole file at once through an {@link AtomicFile}: the temp file, then the rename; on any
 * error the temp file is removed and `path` is left as it was. The folder must exist.
 *
 * @example await writeFileAtomic(join(dir, 'shard.json'), `${canonicalJson(record, 2)}\n`);
 * Cost: O(size of `data`).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicFileOptions = {}): Promise<WrittenFile> {
  const file = await AtomicFile.open(path, options);
  try {
    if (typeof data === 'string') file.add(data);
    else await file.write(data);
    const written = await file.close();
    await file.publish();
    return written;
  } catch (error) {
    await file.abort();
    throw error;
  }
}
