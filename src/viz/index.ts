// control-plane/viz: small, deterministic charts for the notebooks and the website.
//
// Every function returns a string (SVG for charts, HTML for tables) and depends only on its
// arguments, so the same data gives the same bytes in a notebook, a test and a web page. No
// `node:` imports: it runs in the browser too.
//
//   lineChart, scatterChart, cdfChart     x/y series                   line-chart.ts
//   barChart, histogramChart              categories and distributions bar-chart.ts
//   table                                 HTML tables                  table.ts
//   diffHtml, diffLines                   unified line diffs           diff.ts
//   waterfallChart                        spans on a time axis         waterfall.ts
//   quantile, summarize, ecdf, bin        the statistics behind them   stats.ts
export { lineChart, scatterChart, cdfChart, type Series, type Point } from "./line-chart";
export { barChart, histogramChart, type BarSeries, type BarChartOptions, type HistogramOptions } from "./bar-chart";
export { table, type Cell, type TableOptions } from "./table";
export { diffHtml, diffLines, type DiffOp, type DiffOptions } from "./diff";
export { waterfallChart, type Span, type WaterfallOptions } from "./waterfall";
export type { ChartOptions, RefLine } from "./frame";
export { quantile, summarize, ecdf, bin, type Summary, type Bin } from "./stats";
export { linearScale, logScale, niceTicks, logTicks, extent, type Scale, type ScaleKind } from "./scale";
export { escapeXml, fmt, formatNumber, color, PALETTE } from "./svg";
