// Links to the page's own views, and class badges.
import { classColor } from './colors.js';
import { h } from './dom.js';

function encodePath(id) {
  return id.split('/').map(encodeURIComponent).join('/');
}

export function entityHref(id, params = {}) {
  const qs = new URLSearchParams(params).toString();
  return `#/entity/${encodePath(id)}${qs ? `?${qs}` : ''}`;
}

export function articleHref(id, start, end) {
  const qs = start !== undefined && end !== undefined ? `?start=${start}&end=${end}` : '';
  return `#/article/${encodePath(id)}${qs}`;
}

export function badge(type) {
  return h('span', { class: 'badge', style: `--c:${classColor(type)}` }, type || 'Thing');
}

/** A link to a node's card: its class badge and label. */
export function nodeLink(node, max = 90) {
  const label = node.label.length > max ? `${node.label.slice(0, max - 1)}…` : node.label;
  return h('a', { href: entityHref(node.id), class: 'node-link', title: node.label }, badge(node.type), ' ', label);
}

/** A link to an article (its title), optionally highlighting a span. */
export function articleLink(ref, start, end) {
  return h('a', { href: articleHref(ref.id, start, end), class: 'article-link' }, ref.title || ref.id);
}

/** The hash of a route: hashFor('/statistics', {about: 'jobs'}). */
export function hashFor(path, params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const qs = search.toString();
  return `#${encoded}${qs ? `?${qs}` : ''}`;
}
