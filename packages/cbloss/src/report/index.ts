/**
 * Reports: pure functions from results (`RunResults`, `SweepResults`) to markdown tables and
 * self-contained HTML pages with inline SVG plots, plus the few functions that touch files
 * (`writeReport`, `exportPlots`, `exportSweepPlots`, `screenshotReport`).
 */
export { formatResultsTable } from './formatResultsTable.js';
export { formatPerClassTable } from './formatPerClassTable.js';
export { formatSweepTable } from './formatSweepTable.js';
export { renderRunReport, type RunReportOptions } from './renderRunReport.js';
export { renderSweepReport, type SweepReportOptions } from './renderSweepReport.js';
export { runReportPlots, type ReportPlot } from './runReportPlots.js';
export { sweepReportPlots } from './sweepReportPlots.js';
export { writeReport } from './writeReport.js';
export { exportPlots, exportSweepPlots, type ExportPlotsOptions, type ExportedPlots } from './exportPlots.js';
export { screenshotReport, type ScreenshotOptions } from './screenshotReport.js';
export { escapeHtml } from './escapeHtml.js';
export { markdownTable, type MarkdownColumn, type ColumnAlign } from './markdownTable.js';
