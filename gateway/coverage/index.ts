/** Flow coverage of replayed calls: collect traces, compute per application, shade the dialog graph. */
export {
  computeCoverage,
  coverageLines,
  formatTotals,
  MEASURES,
  MEASURE_NAMES,
  ratio,
  TraceCollector,
  type ApplicationCoverage,
  type CoverageApplication,
  type CoverageOptions,
  type CoverageReport,
  type DocumentCoverage,
  type Measure,
  type Ratio,
} from './coverage';
export { chartCoverage, shadeDot, shadeMermaid, COVERED_FILL, UNCOVERED_FILL, COVERED_EDGE, type ChartCoverage } from './shade';
