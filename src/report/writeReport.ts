import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../lib/atomicFile.js';
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
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, html);
}
