export * from './types';
export { CHART_CSS } from './frame';
export { monthChart } from './month-chart';
export type { MonthChartOptions, MonthSeries } from './month-chart';
