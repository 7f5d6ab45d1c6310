import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { buildReport, type ReportInput, type ReportOptions } from './buildReport.js';

/**
 * Builds the report ({@link buildReport}) and writes it to `path` atomically: into a temp file in
 * the same folder, then renamed over `path`, so a reader sees the old file or the whole new one,
 * never half a report. Creates the folder when missing.
 *
 * Cost: buildReport plus one write of the page (~100-300 KB).
 *
 * @example
 * await writeReport(join(outDir, 'report.html'), { run, data, measurement, quality });
 */
export async function writeReport(path: string, input: ReportInput, options: ReportOptions = {}): Promise<void> {
  const html = buildReport(input, options);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, html, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
