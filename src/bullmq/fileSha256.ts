import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 (hex) of a file's bytes, streamed. Internal. Cost: O(file size). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Input name -> sha256 of every file of `files`, in key order. Internal. Cost: O(total size). */
export async function inputChecksums(files: Readonly<Record<string, string | undefined>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [kind, path] of Object.entries(files)) if (path !== undefined) out[kind] = await fileSha256(path);
  return out;
}
