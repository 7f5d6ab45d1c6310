import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Size, checksum and data rows of one written file. */
export interface WrittenFile {
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number;
}

/** Characters buffered before a write to disk: big enough to amortise the syscall, small enough to stream. */
const CHUNK_CHARS = 1 << 16;
/** A gzip file is compressed in members of about this many characters: large enough that member headers cost nothing and the ratio matches one stream. */
const GZIP_CHUNK_CHARS = 1 << 22;

/**
 * A file written through a temp file in the same folder (so the final rename is atomic on one file
 * system), hashed and counted while it streams. Readers see either the previous file or the whole
 * new one, never a half file. Internal to the assemble writers.
 *
 * @example
 * const f = await AtomicFile.open('/out/variants.csv');
 * f.add('header\r\n'); f.addRow('a\r\n'); if (f.full) await f.flush();
 * await f.close(); await f.publish(); // -> renamed into place
 */
export class AtomicFile {
  private pending = '';
  private bytes = 0;
  private rows = 0;
  private readonly hash: Hash = createHash('sha256');
  private handle: FileHandle | undefined;
  private done = false;

  private constructor(
    readonly path: string,
    readonly tempPath: string,
    handle: FileHandle,
    private readonly gzip: boolean,
  ) {
    this.handle = handle;
  }

  /**
   * Creates the temp file next to `path` (exclusive create, random suffix). With `gzip`, text is
   * compressed on flush, one gzip member per flush (readers such as `zcat` and zlib read the
   * members as one stream); size and sha256 are those of the compressed bytes, rows those of the text.
   */
  static async open(path: string, options: { gzip?: boolean } = {}): Promise<AtomicFile> {
    const tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    return new AtomicFile(path, tempPath, await open(tempPath, 'wx'), options.gzip === true);
  }

  /** Whether the buffer should be flushed before adding more. */
  get full(): boolean {
    return this.pending.length >= (this.gzip ? GZIP_CHUNK_CHARS : CHUNK_CHARS);
  }

  /** Buffers text that is not a data row (a header). */
  add(text: string): void {
    this.pending += text;
  }

  /** Buffers one data row (counted in `rows`). */
  addRow(text: string): void {
    this.pending += text;
    this.rows++;
  }

  /** Writes the buffer to the temp file, hashing it on the way. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = Buffer.from(this.pending, 'utf8');
    // Level 6 and no timestamp (Node writes mtime 0): the same text always gives the same bytes.
    const buf = this.gzip ? gzipSync(text, { level: 6 }) : text;
    this.pending = '';
    this.hash.update(buf);
    this.bytes += buf.length;
    let off = 0;
    while (off < buf.length) off += (await this.handle!.write(buf, off, buf.length - off)).bytesWritten;
  }

  /** Flushes, syncs and closes the temp file; returns what it holds. The final path is untouched. */
  async close(): Promise<WrittenFile> {
    await this.flush();
    await this.handle!.sync();
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
    if (this.handle !== undefined) await this.handle.close().catch(() => undefined);
    this.handle = undefined;
    await unlink(this.tempPath).catch(() => undefined);
  }
}
