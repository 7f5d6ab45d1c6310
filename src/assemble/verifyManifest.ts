import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { MANIFEST_FORMAT } from './manifest.js';

/** Result of {@link verifyManifest}: `ok` when no problem was found. */
export interface ManifestCheck {
  readonly ok: boolean;
  readonly problems: string[];
}

async function hashFile(path: string, csv: boolean): Promise<{ bytes: number; sha256: string; newlines: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let newlines = 0;
  let quoted = false;
  const gz = path.endsWith('.gz');
  // A gzip file's size and sha256 are of its bytes, its rows are lines of the text it holds.
  const source = createReadStream(path);
  if (gz) source.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    bytes += chunk.length;
  });
  const text = gz ? source.pipe(createGunzip()) : source;
  if (gz) source.on('error', (error) => text.destroy(error));
  for await (const chunk of text as AsyncIterable<Buffer>) {
    if (!gz) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    if (csv) {
      // RFC 4180: a LF inside a quoted cell is data, not a record end; a doubled quote toggles twice.
      // Bytes 0x22 and 0x0a never occur inside multi-byte UTF-8 sequences, so a byte scan is exact.
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b === 0x22) quoted = !quoted;
        else if (b === 0x0a && !quoted) newlines++;
      }
    } else {
      // indexOf over the Buffer finds LF bytes natively, without decoding.
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) newlines++;
    }
  }
  return { bytes, sha256: hash.digest('hex'), newlines };
}

/**
 * Re-reads every file listed in `dir/manifest.json` and checks its size, sha256 and row count
 * (CSV rows exclude the header line and count quoted line breaks as data). Reports every problem found instead of stopping at the
 * first: a missing or unreadable manifest, a missing file, or any mismatch.
 *
 * Cost: O(total bytes of the outputs), streamed.
 *
 * @example
 * const { ok, problems } = await verifyManifest('out/mailing');
 * if (!ok) throw new Error(problems.join('\n'));
 */
export async function verifyManifest(dir: string): Promise<ManifestCheck> {
  const problems: string[] = [];
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch (error) {
    return { ok: false, problems: [`manifest.json cannot be read: ${(error as Error).message}`] };
  }
  const m = manifest as { format?: unknown; files?: unknown };
  if (m === null || typeof m !== 'object' || m.format !== MANIFEST_FORMAT || !Array.isArray(m.files)) {
    return { ok: false, problems: [`manifest.json is not an offerkit mailing manifest (expected format "${MANIFEST_FORMAT}" and a files list)`] };
  }
  for (const entry of m.files as unknown[]) {
    const f = entry as { name?: unknown; bytes?: unknown; sha256?: unknown; rows?: unknown };
    if (f === null || typeof f !== 'object' || typeof f.name !== 'string' || typeof f.bytes !== 'number' || typeof f.sha256 !== 'string' || typeof f.rows !== 'number') {
      problems.push(`manifest.json has a malformed file entry: ${JSON.stringify(entry)}`);
      continue;
    }
    if (basename(f.name) !== f.name || f.name === '..' || f.name === '.') {
      problems.push(`manifest.json lists "${f.name}", which is not a plain file name in the folder`);
      continue;
    }
    let got: Awaited<ReturnType<typeof hashFile>>;
    try {
      got = await hashFile(join(dir, f.name), f.name.endsWith('.csv'));
    } catch (error) {
      problems.push(`${f.name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      continue;
    }
    if (got.bytes !== f.bytes) problems.push(`${f.name}: ${got.bytes} bytes, manifest says ${f.bytes}`);
    if (got.sha256 !== f.sha256) problems.push(`${f.name}: sha256 ${got.sha256}, manifest says ${f.sha256}`);
    const rows = got.newlines - (f.name.endsWith('.csv') ? 1 : 0);
    if (rows !== f.rows) problems.push(`${f.name}: ${rows} rows, manifest says ${f.rows}`);
  }
  return { ok: problems.length === 0, problems };
}
