import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

/** Whether an input location is an `http:`, `https:` or `file:` URL rather than a path. Internal. */
export function isUrl(location: string): boolean {
  return /^(https?|file):\/\//i.test(location);
}

/** A `file:` URL as its path; any other location unchanged. */
function asPath(location: string): string {
  return /^file:\/\//i.test(location) ? fileURLToPath(location) : location;
}

/** The bytes of a path or URL as a stream; an HTTP status other than 2xx is an error naming the URL. */
async function open(location: string): Promise<NodeJS.ReadableStream> {
  if (!/^https?:\/\//i.test(location)) return createReadStream(asPath(location));
  const response = await fetch(location);
  if (!response.ok || response.body === null) throw new Error(`GET ${location}: HTTP ${response.status} ${response.statusText}`);
  return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
}

/** sha256 (hex) of the bytes at a path or URL, streamed. Internal. Cost: O(size). */
export async function fileSha256(location: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await open(location)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Input name -> sha256 of every input (path or URL), in key order. Internal. Cost: O(total size). */
export async function inputChecksums(files: Readonly<Record<string, string | undefined>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [kind, location] of Object.entries(files)) if (location !== undefined) out[kind] = await fileSha256(location);
  return out;
}

/**
 * Local files for every input: paths (and `file:` URLs) as they are, `http(s):` URLs downloaded into
 * `cacheDir` under their sha256 (content-addressed, written through a temp file and a rename, so a
 * worker running several shards downloads each input once). Returns the paths and the sha256 of
 * every input as read now. Internal. Cost: O(total size) for hashing, plus the downloads.
 */
export async function localInputs<T extends object>(files: T, cacheDir = join(tmpdir(), 'offerkit-inputs')): Promise<{ files: T; checksums: Record<string, string> }> {
  const local: Record<string, string> = {};
  const checksums: Record<string, string> = {};
  for (const [kind, location] of Object.entries(files) as [string, string | undefined][]) {
    if (location === undefined) continue;
    if (!/^https?:\/\//i.test(location)) {
      local[kind] = asPath(location);
      checksums[kind] = await fileSha256(local[kind]!);
      continue;
    }
    await mkdir(cacheDir, { recursive: true });
    const temp = join(cacheDir, `.download-${process.pid}-${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    try {
      const body = await open(location);
      body.on('data', (chunk: Buffer) => hash.update(chunk));
      await pipeline(body, createWriteStream(temp));
      const sum = hash.digest('hex');
      // Keep the URL's file name (its .gz suffix tells the reader to decompress).
      const target = join(cacheDir, `${sum}-${basename(new URL(location).pathname) || kind}`);
      if (await stat(target).then(() => false, () => true)) await rename(temp, target);
      local[kind] = target;
      checksums[kind] = sum;
    } finally {
      await rm(temp, { force: true });
    }
  }
  return { files: local as T, checksums };
}
