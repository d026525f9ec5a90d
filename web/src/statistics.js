// The statistics: filters (what, source, period), a chart of how many fall in each year of
// their period (stacked by unit), and the table with each statistic's sentence.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { getAll } from './api.js';
import { fill, h } from './dom.js';
import { entityHref, hashFor, nodeLink } from './links.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
const UNIT_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const FILTERS = [
  ['about', 'What', 'text', 'e.g. visitors, jobs, inflation'],
  ['source', 'Source', 'text', 'e.g. Statistics Canada'],
  ['from', 'Period from', 'date', ''],
  ['to', 'Period to', 'date', ''],
];

export async function renderStatistics(view, ctx) {
  document.title = 'Statistics — kg';
  const values = Object.fromEntries(FILTERS.map(([name]) => [name, ctx.params.get(name) || '']));
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter statistics' },
    FILTERS.map(([name, label, type, placeholder]) =>
      h('div', { class: 'field' }, h('label', { for: `stat-${name}` }, label), h('input', { id: `stat-${name}`, name, type, value: values[name], placeholder })),
    ),
    h('button', { type: 'submit' }, 'Filter'),
    h('a', { href: '#/statistics', class: 'button secondary' }, 'Clear'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    location.hash = hashFor('/statistics', data);
  });
  const status = h('p', { class: 'status', role: 'status' }, 'Loading…');
  const canvas = h('canvas', { id: 'stats-chart', role: 'img', 'aria-label': 'Number of statistics per year of their period, by unit' });
  const chartBox = h('figure', { class: 'chart' }, h('div', { class: 'chart-wrap' }, canvas), h('figcaption', {}, 'Statistics per year of their period (the year it starts), stacked by unit.'));
  const tableBox = h('div', {});
  fill(view, h('h1', {}, 'Statistics'), form, status, chartBox, tableBox);

  const stats = await getAll('statistics', values);
  if (!ctx.alive()) return;
  const withPeriod = stats.filter((s) => s.period_start);
  status.textContent = `${stats.length} statistic${stats.length === 1 ? '' : 's'}; ${withPeriod.length} with a resolved period.`;
  const chart = drawChart(canvas, withPeriod);
  fill(tableBox, statsTable(stats));
  return () => chart?.destroy();
}

function drawChart(canvas, stats) {
  if (!stats.length) return null;
  const years = [...new Set(stats.map((s) => s.period_start.slice(0, 4)))].sort();
  const units = [...new Set(stats.map((s) => s.unit || 'no unit'))].sort();
  const datasets = units.map((unit, i) => ({
    label: unit,
    backgroundColor: UNIT_COLORS[i % UNIT_COLORS.length],
    data: years.map((y) => stats.filter((s) => (s.unit || 'no unit') === unit && s.period_start.startsWith(y)).length),
  }));
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: years, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { stacked: true, title: { display: true, text: 'period (year it starts)' } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'statistics' } } },
      plugins: { legend: { position: 'right' } },
    },
  });
}

const NUMBER = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });

function statsTable(stats) {
  const cols = ['Quantity', 'Value', 'Bound', 'Unit', 'Counted', 'About / place', 'Source', 'Period', 'Sentence'];
  return h(
    'table',
    { class: 'data', id: 'stats-table' },
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      stats.map((s) => {
        const ev = s.evidence[0];
        const where = [s.about, s.place].filter(Boolean);
        return h(
          'tr',
          {},
          h('td', { class: 'nowrap' }, h('a', { href: entityHref(s.id) }, s.label)),
          h('td', { class: 'num' }, s.value === null ? '' : NUMBER.format(s.value)),
          h('td', {}, s.bound || ''),
          h('td', {}, s.unit || ''),
          h('td', {}, s.counted || ''),
          h('td', {}, where.map((n, i) => [i ? '; ' : '', nodeLink(n, 40)])),
          h('td', {}, s.source ? nodeLink(s.source, 40) : ''),
          h('td', { class: 'nowrap' }, s.period_text || '', s.period_start ? h('div', { class: 'hint' }, `${s.period_start} – ${s.period_end}`) : null),
          h('td', { class: 'sentence-cell' }, ev ? sentenceLink(ev) : ''),
        );
      }),
    ),
  );
}

function sentenceLink(ev) {
  const s = ev.sentence;
  if (!s) return ev.text || '';
  const from = Math.max(0, ev.start - s.start);
  const to = Math.min(s.text.length, ev.end - s.start);
  return h(
    'a',
    { href: `#/article/${encodeURIComponent(ev.article.id)}?start=${ev.start}&end=${ev.end}`, title: ev.article.title || '' },
    s.text.slice(0, from),
    h('mark', {}, s.text.slice(from, to)),
    s.text.slice(to),
  );
}
