// The home view (every article) and one article with a highlighted span.
import { getJSON } from './api.js';
import { fill, h } from './dom.js';
import { articleHref, badge, nodeLink } from './links.js';

const COUNTED = ['Person', 'Organization', 'Country', 'Place', 'Event', 'Statistic', 'Quotation'];

export async function renderHome(view, ctx) {
  const page = await getJSON('articles', { limit: 100 });
  const articles = page.items;
  if (!ctx.alive()) return;
  document.title = 'Articles — kg';
  const table = h(
    'table',
    { class: 'data', id: 'articles-table' },
    h('caption', {}, `${page.total} article${page.total === 1 ? '' : 's'} in the store${page.total > articles.length ? ` (the first ${articles.length})` : ''}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Source'), COUNTED.map((c) => h('th', { scope: 'col', class: 'num' }, badge(c))))),
    h(
      'tbody',
      {},
      articles.map((a) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: articleHref(a.id) }, a.title || a.file_name || a.id)),
          h('td', { class: 'nowrap' }, a.date || ''),
          h('td', {}, a.source || a.file_name || ''),
          COUNTED.map((c) => h('td', { class: 'num' }, String(a.counts?.[c] ?? ''))),
        ),
      ),
    ),
  );
  fill(
    view,
    h('h1', {}, 'News knowledge graph'),
    h(
      'p',
      { class: 'lead' },
      'Search for a person, country or organisation above to see its card and network; ',
      h('a', { href: '#/sparql' }, 'query the graph in SPARQL'),
      ', or ',
      h('a', { href: '#/statistics' }, 'browse the statistics'),
      '.',
    ),
    articles.length ? table : h('p', {}, 'The store is empty: ingest articles with `kg ingest`.'),
  );
}

export async function renderArticle(view, ctx) {
  const id = ctx.match[1];
  const article = await getJSON(`articles/${encodeURIComponent(id)}`);
  if (!ctx.alive()) return;
  document.title = `${article.title || id} — kg`;
  const start = Number.parseInt(ctx.params.get('start') ?? '', 10);
  const end = Number.parseInt(ctx.params.get('end') ?? '', 10);
  const text = article.text || '';
  const span = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= text.length && start < end;
  const mark = span ? h('mark', { id: 'highlight' }, text.slice(start, end)) : null;
  const body = h('div', { class: 'article-text', tabindex: '0', 'aria-label': 'Article text' }, span ? [text.slice(0, start), mark, text.slice(end)] : text);
  const meta = h(
    'dl',
    { class: 'meta' },
    article.date ? [h('dt', {}, 'Date'), h('dd', {}, article.date)] : null,
    article.source ? [h('dt', {}, 'Source'), h('dd', {}, article.source)] : null,
    article.url ? [h('dt', {}, 'URL'), h('dd', {}, h('a', { href: article.url, rel: 'noopener noreferrer', target: '_blank' }, article.url))] : null,
    article.file_name ? [h('dt', {}, 'File'), h('dd', {}, article.file_name)] : null,
    h('dt', {}, 'Graph'),
    h('dd', {}, h('code', {}, article.iri)),
  );
  const facts = Object.entries(article.facts || {});
  fill(
    view,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Articles'), ' › article'),
    h('h1', {}, article.title || id),
    meta,
    span ? h('p', { class: 'hint' }, 'The highlighted words are the mention you came from.') : null,
    h(
      'div',
      { class: 'two-col' },
      h('section', { 'aria-labelledby': 'text-h' }, h('h2', { id: 'text-h' }, 'Text'), body),
      h(
        'section',
        { 'aria-labelledby': 'read-h' },
        h('h2', { id: 'read-h' }, 'Read from it'),
        h('h3', {}, `Entities (${article.entities.length})`),
        h('ul', { class: 'plain' }, article.entities.map((n) => h('li', {}, nodeLink(n)))),
        facts.map(([cls, nodes]) => [h('h3', {}, `${cls} (${nodes.length})`), h('ul', { class: 'plain' }, nodes.map((n) => h('li', {}, nodeLink(n))))]),
      ),
    ),
  );
  if (mark) mark.scrollIntoView({ block: 'center' });
}
