// The page: a hash-routed single-page app over kg's REST API and SPARQL endpoint.
//   #/                        articles          #/search?q=&type=   entity search
//   #/entity/<id>?depth=N     entity card and its network (N = 1..3)
//   #/article/<id>?start=&end= an article, with a span highlighted
//   #/sparql?query=<name>     SPARQL editor     #/statistics?about=&source=&from=&to=
import './style.css';
import { fill, h } from './dom.js';
import { hashFor } from './links.js';

// Each view is loaded when first shown, so the network library, the editor and the chart
// library are only fetched by the views that use them.
const ROUTES = [
  [/^\/?$/, 'home', () => import('./articles.js').then((m) => m.renderHome)],
  [/^\/search$/, 'search', () => import('./search.js').then((m) => m.renderSearch)],
  [/^\/entity\/(.+)$/, 'search', () => import('./entity.js').then((m) => m.renderEntity)],
  [/^\/article\/(.+)$/, 'home', () => import('./articles.js').then((m) => m.renderArticle)],
  [/^\/sparql$/, 'sparql', () => import('./sparql.js').then((m) => m.renderSparql)],
  [/^\/statistics$/, 'statistics', () => import('./statistics.js').then((m) => m.renderStatistics)],
];

let generation = 0;
let cleanup = null;

/** `#/entity/person/joe-biden?depth=2` → {path: '/entity/person/joe-biden', params}. */
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  return { path: safeDecode(path), params: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function route() {
  const { path, params } = parseHash();
  const current = ++generation;
  if (cleanup) {
    try {
      cleanup();
    } catch {
      /* a view that failed to start */
    }
    cleanup = null;
  }
  const view = document.getElementById('view');
  const found = ROUTES.find(([pattern]) => pattern.test(path));
  for (const link of document.querySelectorAll('nav [data-nav]')) {
    if (found && link.dataset.nav === found[1]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  syncSearchForm(path, params);
  if (!found) {
    document.title = 'Not found — kg';
    fill(view, h('h1', {}, 'Not found'), h('p', {}, 'No such view. ', h('a', { href: '#/' }, 'Back to the articles.')));
    return;
  }
  const [pattern, , load] = found;
  const match = path.match(pattern);
  fill(view, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  const ctx = { alive: () => current === generation, params, match };
  try {
    const render = await load();
    if (!ctx.alive()) return;
    const done = await render(view, ctx);
    if (ctx.alive()) cleanup = typeof done === 'function' ? done : null;
    else if (typeof done === 'function') done();
  } catch (error) {
    if (!ctx.alive()) return;
    console.error(error);
    fill(view, h('div', { class: 'error', role: 'alert' }, h('h1', {}, 'Something went wrong'), h('p', {}, error.message || String(error))));
  }
}

function syncSearchForm(path, params) {
  if (path !== '/search') return;
  document.getElementById('search-q').value = params.get('q') || '';
  document.getElementById('search-type').value = params.get('type') || '';
}

function start() {
  document.getElementById('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = document.getElementById('search-q').value.trim();
    const type = document.getElementById('search-type').value;
    location.hash = hashFor('/search', { q, type });
  });
  window.addEventListener('hashchange', route);
  route();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
