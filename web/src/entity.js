// An entity's card (GET /entities/{id}) beside its network (GET /entities/{id}/neighbours).
import { entityPath, getAll, getJSON } from './api.js';
import { fill, h } from './dom.js';
import { articleHref, articleLink, badge, entityHref, nodeLink } from './links.js';
import { drawNetwork } from './network.js';

const local = (iri) => iri.split(/[#/]/).pop();

/** Links to the articles (by id) that state a relation, by title where the card knows it. */
function articleLinks(ids, entity) {
  const titles = new Map();
  for (const a of entity.articles) titles.set(a.id, a.title);
  for (const m of entity.mentions) titles.set(m.article.id, m.article.title);
  return ids.map((a, i) => [i ? '; ' : '', h('a', { href: articleHref(a), class: 'article-link' }, titles.get(a) || `article ${a}`)]);
}
/** Relations shown in their own sections, not in the relation tables. */
const OWN_SECTION = new Set(['Statistic', 'Quotation']);

export async function renderEntity(view, ctx) {
  const id = ctx.match[1];
  const depth = Math.min(3, Math.max(1, Number.parseInt(ctx.params.get('depth') || '1', 10) || 1));
  const entity = await getJSON(`entities/${entityPath(id)}`);
  if (!ctx.alive()) return;
  document.title = `${entity.label} — kg`;

  const networkBox = h('div', { class: 'network', id: 'network', role: 'img', 'aria-label': `Network around ${entity.label}` });
  const depthSelect = h(
    'select',
    { id: 'depth', 'aria-describedby': 'depth-help' },
    [1, 2, 3].map((d) => h('option', { value: String(d), selected: d === depth }, `${d} hop${d > 1 ? 's' : ''}`)),
  );
  depthSelect.addEventListener('change', () => {
    location.hash = entityHref(id, { depth: depthSelect.value });
  });
  const networkInfo = h('p', { class: 'status', id: 'network-status', role: 'status' }, 'Drawing…');
  const legend = h('ul', { class: 'legend', 'aria-label': 'Colours by class' });
  const nodeList = h('details', { class: 'node-list' }, h('summary', {}, 'Nodes and relations as a list'));

  const statsSection = h('section', { 'aria-labelledby': 'stats-h', id: 'card-statistics' });
  fill(
    view,
    h('p', { class: 'crumbs' }, h('a', { href: '#/search' }, 'Entities'), ' › ', entity.type || 'entity'),
    h(
      'div',
      { class: 'entity' },
      h(
        'article',
        { class: 'card', id: 'entity-card', 'aria-labelledby': 'card-title' },
        header(entity),
        roles(entity),
        relations(entity),
        statsSection,
        quotations(entity),
        mentions(entity),
      ),
      h(
        'section',
        { class: 'network-panel', 'aria-labelledby': 'network-h' },
        h('div', { class: 'network-head' }, h('h2', { id: 'network-h' }, 'Network'), h('label', { for: 'depth' }, 'Depth '), depthSelect),
        h('p', { id: 'depth-help', class: 'hint' }, 'Entities and facts within this many relations. Click a node to open its card.'),
        networkBox,
        networkInfo,
        legend,
        nodeList,
      ),
    ),
  );

  const subgraph = getJSON(`entities/${entityPath(id)}/neighbours`, { depth, max_nodes: 200 });
  fillStatistics(statsSection, entity, ctx);
  const graph = await subgraph;
  if (!ctx.alive()) return;
  return drawNetwork({ container: networkBox, graph, status: networkInfo, legend, list: nodeList });
}

function header(entity) {
  const attrs = Object.entries(entity.attributes || {}).filter(([k]) => k !== 'quoteText');
  return h(
    'header',
    {},
    h('h1', { id: 'card-title' }, entity.label),
    h('p', { class: 'types', 'aria-label': 'Types' }, entity.types.map((t) => [badge(t), ' '])),
    entity.alt_labels.length ? h('p', { class: 'alt' }, 'Also called: ', entity.alt_labels.join(', ')) : null,
    h(
      'dl',
      { class: 'meta' },
      entity.same_as.length
        ? [h('dt', {}, 'Same as'), h('dd', { id: 'same-as' }, entity.same_as.map((iri, i) => [i ? ', ' : '', sameAsLink(iri)]))]
        : null,
      attrs.map(([k, values]) => [h('dt', {}, k), h('dd', {}, values.join(', '))]),
      h('dt', {}, 'IRI'),
      h('dd', {}, h('code', {}, entity.iri)),
      entity.articles.length
        ? [h('dt', {}, 'Mentioned in'), h('dd', {}, entity.articles.map((a, i) => [i ? '; ' : '', articleLink(a)]))]
        : null,
    ),
  );
}

function sameAsLink(iri) {
  const wikidata = iri.match(/^https?:\/\/www\.wikidata\.org\/entity\/(Q\d+)$/);
  const href = wikidata ? `https://www.wikidata.org/wiki/${wikidata[1]}` : iri;
  return h('a', { href, rel: 'noopener noreferrer', target: '_blank', class: 'same-as' }, wikidata ? `Wikidata ${wikidata[1]}` : iri);
}

/** A person's roles and whom they represent or work for; a role's holder. */
function roles(entity) {
  const pick = (list, names) => list.filter((r) => names.includes(local(r.predicate)));
  const held = pick(entity.outgoing, ['hasRole']);
  const represents = pick(entity.outgoing, ['represents', 'worksFor', 'roleFor']);
  const holders = pick(entity.incoming, ['represents']).filter((r) => r.node.type === 'Person');
  if (!held.length && !represents.length && !holders.length) return null;
  const rows = [];
  if (held.length) rows.push(h('dt', {}, 'Role'), h('dd', { id: 'role' }, held.map((r, i) => [i ? '; ' : '', nodeLink(r.node)])));
  if (represents.length) rows.push(h('dt', {}, 'Represents'), h('dd', { id: 'represents' }, represents.map((r, i) => [i ? '; ' : '', nodeLink(r.node)])));
  if (holders.length) rows.push(h('dt', {}, 'Represented by'), h('dd', {}, holders.map((r, i) => [i ? '; ' : '', nodeLink(r.node)])));
  return h('section', { 'aria-labelledby': 'role-h' }, h('h2', { id: 'role-h' }, 'Role'), h('dl', { class: 'meta' }, rows));
}

function relations(entity) {
  const rows = [
    ...entity.outgoing.map((r) => ['out', r]),
    ...entity.incoming.map((r) => ['in', r]),
  ].filter(([, r]) => !OWN_SECTION.has(r.node.type));
  if (!rows.length) return h('section', { 'aria-labelledby': 'rel-h' }, h('h2', { id: 'rel-h' }, 'Relations'), h('p', { class: 'hint' }, 'None besides those below.'));
  return h(
    'section',
    { 'aria-labelledby': 'rel-h' },
    h('h2', { id: 'rel-h' }, `Relations (${rows.length})`),
    h(
      'table',
      { class: 'data', id: 'relations' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Relation'), h('th', { scope: 'col' }, 'With'), h('th', { scope: 'col' }, 'Stated in'))),
      h(
        'tbody',
        {},
        rows.map(([direction, r]) =>
          h(
            'tr',
            {},
            h('td', { class: 'nowrap' }, direction === 'out' ? `${r.predicate_label} →` : `← ${r.predicate_label}`),
            h('td', {}, nodeLink(r.node)),
            h('td', {}, articleLinks(r.articles, entity)),
          ),
        ),
      ),
    ),
  );
}

/** Statistics about, placed in or reported by the entity (GET /statistics, matched by id). */
async function fillStatistics(section, entity, ctx) {
  const ids = new Set(entity.incoming.filter((r) => r.node.type === 'Statistic').map((r) => r.node.id));
  if (!ids.size) return;
  fill(section, h('h2', { id: 'stats-h' }, `Statistics (${ids.size})`), h('p', { class: 'loading' }, 'Loading…'));
  let found;
  try {
    found = (await getAll('statistics')).filter((s) => ids.has(s.id));
  } catch (error) {
    if (ctx.alive()) fill(section, h('h2', { id: 'stats-h' }, 'Statistics'), h('p', { class: 'error' }, error.message));
    return;
  }
  if (!ctx.alive()) return;
  const how = (s) => ['about', 'place', 'source'].filter((k) => s[k]?.id === entity.id).join(', ');
  fill(
    section,
    h('h2', { id: 'stats-h' }, `Statistics (${found.length})`),
    h(
      'ul',
      { class: 'stats-list' },
      found.map((s) => {
        const period = s.period_start ? `${s.period_text || 'period'} (${s.period_start} – ${s.period_end})` : s.period_text;
        return h(
          'li',
          {},
          h('p', { class: 'stat-head' }, h('a', { href: entityHref(s.id), class: 'quantity' }, s.label), s.unit ? h('span', { class: 'unit' }, ` ${s.unit}`) : null, s.counted ? ` · ${s.counted}` : '', period ? ` · ${period}` : '', h('span', { class: 'hint' }, ` · ${entity.label} is its ${how(s)}`)),
          s.evidence[0] ? h('p', { class: 'stat-sentence' }, sentence(s.evidence[0])) : null,
        );
      }),
    ),
  );
}

function quotations(entity) {
  const quotes = entity.incoming.filter((r) => r.node.type === 'Quotation');
  if (!quotes.length) return null;
  return h(
    'section',
    { 'aria-labelledby': 'quotes-h' },
    h('h2', { id: 'quotes-h' }, `Quotations (${quotes.length})`),
    quotes.map((r) =>
      h(
        'figure',
        { class: 'quote' },
        h('blockquote', {}, `“${r.node.label}”`),
        h('figcaption', {}, `${r.predicate_label} · `, articleLinks(r.articles, entity), ' · ', h('a', { href: entityHref(r.node.id) }, 'details')),
      ),
    ),
  );
}

/** The sentence of a mention with the mentioned words marked, linking to the article. */
function sentence(mention) {
  const s = mention.sentence;
  const link = articleLink(mention.article, mention.start, mention.end);
  if (!s) return h('span', {}, h('mark', {}, mention.text || ''), ' — ', link);
  const from = Math.max(0, mention.start - s.start);
  const to = Math.min(s.text.length, mention.end - s.start);
  const inside = from < to && to <= s.text.length;
  return h(
    'span',
    { class: 'sentence' },
    inside ? [s.text.slice(0, from), h('mark', {}, s.text.slice(from, to)), s.text.slice(to)] : s.text,
    ' — ',
    link,
  );
}

function mentions(entity) {
  if (!entity.mentions.length) return null;
  return h(
    'section',
    { 'aria-labelledby': 'mentions-h', id: 'mentions' },
    h('h2', { id: 'mentions-h' }, `Source sentences (${entity.mentions.length})`),
    h('ol', { class: 'sentences' }, entity.mentions.map((m) => h('li', {}, sentence(m)))),
  );
}
