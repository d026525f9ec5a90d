// Search results: GET /entities?q=&type=, 50 at a time.
import { getJSON } from './api.js';
import { fill, h } from './dom.js';
import { entityHref, badge } from './links.js';

const PAGE = 50;

export async function renderSearch(view, ctx) {
  const q = ctx.params.get('q') || '';
  const type = ctx.params.get('type') || '';
  document.title = `${q ? `“${q}”` : 'Entities'} — kg`;
  const list = h('ol', { class: 'results', id: 'search-results', 'aria-label': 'Search results' });
  const status = h('p', { class: 'status', role: 'status' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more');
  fill(view, h('h1', {}, q ? `Entities matching “${q}”` : 'All entities', type ? ` (${type})` : ''), status, list, more);

  let offset = 0;
  async function load() {
    const page = await getJSON('entities', { q, type, limit: PAGE, offset });
    if (!ctx.alive()) return;
    for (const hit of page.items) {
      const others = hit.alt_labels.length ? h('span', { class: 'alt' }, `also ${hit.alt_labels.slice(0, 4).join(', ')}`) : null;
      list.append(
        h(
          'li',
          {},
          h('a', { href: entityHref(hit.id), class: 'result' }, badge(hit.type), ' ', h('span', { class: 'label' }, hit.label)),
          ' ',
          others,
          h('span', { class: 'count' }, `${hit.articles} article${hit.articles === 1 ? '' : 's'}`),
        ),
      );
    }
    offset += page.items.length;
    status.textContent = page.total === 0 ? 'Nothing found. Try part of a name, or another type.' : `${page.total} found${page.total > offset ? `, showing ${offset}` : ''}.`;
    more.hidden = offset >= page.total;
  }
  more.addEventListener('click', load);
  await load();
  if (ctx.alive() && list.firstElementChild && document.activeElement?.id !== 'search-q') {
    list.querySelector('a')?.focus({ preventScroll: true });
  }
}
