import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const FLUSH_BYTES = 1 << 20;

/**
 * A byte sink written through a temp file beside its final path, hashed (sha256) and sized as it
 * streams, renamed into place by `publish`. Internal to the shard merge (the assemble writers' own
 * AtomicFile takes strings; the merge copies bytes).
 */
export class HashedFile {
  private readonly hash: Hash = createHash('sha256');
  private handle: FileHandle | undefined;
  private published = false;
  /** Bytes appended but not yet written: small rows are gathered into ~1 MB writes (an await per row left the merge waiting on I/O). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  bytes = 0;

  private constructor(
    readonly path: string,
    readonly tempPath: string,
    handle: FileHandle,
  ) {
    this.handle = handle;
  }

  /** Creates the temp file (exclusive create, random suffix). */
  static async open(path: string): Promise<HashedFile> {
    const tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    return new HashedFile(path, tempPath, await open(tempPath, 'wx'));
  }

  /** Appends bytes (strings as UTF-8); the bytes are written by 1 MB or at `close`. */
  async write(data: Buffer | string): Promise<void> {
    // A copy: callers may reuse their buffer once the call returns.
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    this.hash.update(buf);
    this.bytes += buf.length;
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let off = 0;
    while (off < buf.length) off += (await this.handle!.write(buf, off, buf.length - off)).bytesWritten;
  }

  /** Writes what is pending, syncs and closes the temp file; returns its size and sha256. */
  async close(): Promise<{ bytes: number; sha256: string }> {
    await this.flush();
    await this.handle!.sync();
    await this.handle!.close();
    this.handle = undefined;
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Renames the closed temp file over the final path. */
  async publish(): Promise<void> {
    await rename(this.tempPath, this.path);
    this.published = true;
  }

  /** Closes and deletes the temp file unless published; never throws. */
  async abort(): Promise<void> {
    if (this.published) return;
    this.published = true;
    if (this.handle !== undefined) await this.handle.close().catch(() => undefined);
    this.handle = undefined;
    await unlink(this.tempPath).catch(() => undefined);
  }
}
