import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Manifest } from '../assemble/manifest.js';
import { SHARD_RECORD_FILE } from '../shard/shardRecord.js';
import { SHARD_PRICES_FILE } from '../shard/shardPrices.js';

/**
 * Whether an output location is an `http:` / `https:` URL prefix (a folder on a server that takes
 * `PUT` and serves `GET`, such as WebDAV or an object store behind a signing proxy) rather than a path.
 * Internal.
 */
export function isHttpPrefix(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** `prefix/relative`, with exactly one slash between. */
export function urlJoin(prefix: string, ...parts: string[]): string {
  return [prefix.replace(/\/+$/, ''), ...parts.map((p) => p.replace(/^\/+|\/+$/g, ''))].join('/');
}

/** GET `url`: its bytes, or `undefined` on 404. Other statuses throw, naming the URL. */
export async function getBytes(url: string): Promise<Buffer | undefined> {
  const response = await fetch(url);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${response.statusText}`);
  return Buffer.from(await response.arrayBuffer());
}

/** PUT a file (streamed) or bytes to `url`; a status other than 2xx throws, naming the URL. */
export async function putFile(url: string, source: { path: string } | { bytes: Buffer }): Promise<void> {
  const init: RequestInit & { duplex?: 'half' } =
    'path' in source
      ? { method: 'PUT', body: Readable.toWeb(createReadStream(source.path)) as unknown as RequestInit['body'], duplex: 'half' }
      : { method: 'PUT', body: source.bytes };
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`PUT ${url}: HTTP ${response.status} ${response.statusText}`);
}

/**
 * Uploads a mailing folder (a shard's or the merge's) under `prefix`: every file its manifest lists,
 * then `manifest.json`, then `shard.json` when there is one. The record goes last because it marks a
 * finished shard; a reader that finds it finds the files it names. Internal.
 */
export async function uploadMailing(dir: string, prefix: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  for (const f of manifest.files) await putFile(urlJoin(prefix, f.name), { path: join(dir, f.name) });
  await putFile(urlJoin(prefix, 'manifest.json'), { path: join(dir, 'manifest.json') });
  if (await stat(join(dir, SHARD_RECORD_FILE)).then(() => true, () => false)) await putFile(urlJoin(prefix, SHARD_RECORD_FILE), { path: join(dir, SHARD_RECORD_FILE) });
}

/**
 * Downloads a mailing folder from `prefix` into `dir`: `shard.json` (if any), `manifest.json` and every
 * file the manifest lists. Returns `false` when there is no manifest there. The caller verifies what it
 * got (`checkShard`, `mergeShards`), so a half-uploaded folder is caught. Internal.
 */
export async function downloadMailing(prefix: string, dir: string): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const record = await getBytes(urlJoin(prefix, SHARD_RECORD_FILE));
  const manifestBytes = await getBytes(urlJoin(prefix, 'manifest.json'));
  if (manifestBytes === undefined) return false;
  if (record !== undefined) await writeFile(join(dir, SHARD_RECORD_FILE), record);
  await writeFile(join(dir, 'manifest.json'), manifestBytes);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch {
    return true; // an unreadable manifest: the verification reports it
  }
  for (const f of manifest.files ?? []) {
    const bytes = await getBytes(urlJoin(prefix, f.name));
    if (bytes !== undefined) await writeFile(join(dir, f.name), bytes);
  }
  return true;
}

/** Downloads `prefix/prices.json` into `dir` when it exists. Internal. */
export async function downloadPrices(prefix: string, dir: string): Promise<void> {
  const bytes = await getBytes(urlJoin(prefix, SHARD_PRICES_FILE));
  if (bytes === undefined) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, SHARD_PRICES_FILE), bytes);
}
