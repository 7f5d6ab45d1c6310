export {
  buildReport,
  REPORT_SECTIONS,
  type ReportInput,
  type ReportOptions,
  type ReportSection,
} from './buildReport.js';
export { writeReport } from './writeReport.js';
export { renderVegaLiteSvg, type RenderSvgOptions } from './renderVegaLite.js';
export { runFacts, type RunFacts, type RunFactsOptions, type AudienceRow, type HistogramBin } from './runFacts.js';
