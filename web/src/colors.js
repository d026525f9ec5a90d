// One colour per kg class (Tableau 10, then 20), shared by the network view, badges and the chart.
// kg/draw.py uses the same colours for `kg draw`.
export const CLASS_COLORS = {
  Person: '#4e79a7',
  Organization: '#f28e2b',
  Country: '#e15759',
  Place: '#76b7b2',
  Product: '#a0cbe8',
  FinancialIndex: '#ffbe7d',
  Event: '#59a14f',
  Agreement: '#edc948',
  Policy: '#b07aa1',
  Statistic: '#ff9da7',
  Quotation: '#9c755f',
  Role: '#bab0ac',
};
export const OTHER_COLOR = '#888888';

export function classColor(type) {
  return CLASS_COLORS[type] || OTHER_COLOR;
}
