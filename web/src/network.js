// An entity's neighbourhood drawn with Cytoscape.js: nodes coloured by class, edges labelled
// with the predicate, rings by distance from the start node; clicking a node opens its card.
import cytoscape from 'cytoscape';
import { classColor } from './colors.js';
import { fill, h, shorten } from './dom.js';
import { badge, entityHref, nodeLink } from './links.js';

export function drawNetwork({ container, graph, status, legend, list }) {
  const elements = [
    ...graph.nodes.map((n) => ({
      group: 'nodes',
      data: { id: n.id, label: shorten(n.label, 32), full: n.label, type: n.type, color: classColor(n.type), distance: n.distance },
      classes: n.id === graph.start ? 'start' : '',
    })),
    ...graph.edges.map((e, i) => ({
      group: 'edges',
      data: { id: `e${i}`, source: e.source, target: e.target, label: e.label },
    })),
  ];
  const maxDistance = Math.max(0, ...graph.nodes.map((n) => n.distance));
  const cy = cytoscape({
    container,
    elements,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(color)',
          label: 'data(label)',
          'font-size': 10,
          'text-valign': 'bottom',
          'text-margin-y': 3,
          'text-wrap': 'wrap',
          'text-max-width': 120,
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.8,
          'text-background-padding': 1,
          color: '#222',
          width: 18,
          height: 18,
          'border-width': 1,
          'border-color': '#fff',
        },
      },
      { selector: 'node.start', style: { width: 30, height: 30, 'border-width': 3, 'border-color': '#222', 'font-weight': 'bold', 'font-size': 12 } },
      { selector: 'node:active, node.hover', style: { 'overlay-opacity': 0.15 } },
      {
        selector: 'edge',
        style: {
          width: 1.2,
          'line-color': '#9aa3ad',
          'target-arrow-color': '#9aa3ad',
          'target-arrow-shape': 'triangle',
          'arrow-scale': 0.8,
          'curve-style': 'bezier',
          label: 'data(label)',
          'font-size': 8,
          color: '#555',
          'text-rotation': 'autorotate',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': 1,
        },
      },
    ],
  });
  // rings by distance from the start node, then a force-directed pass from there: no random
  // start, so the same graph is always drawn the same way
  cy.layout({
    name: 'concentric',
    concentric: (node) => maxDistance + 1 - node.data('distance'),
    levelWidth: () => 1,
    minNodeSpacing: 40,
    animate: false,
    fit: false,
  }).run();
  cy.layout({
    name: 'cose',
    randomize: false,
    animate: false,
    idealEdgeLength: () => 90,
    nodeRepulsion: () => 60000,
    nodeOverlap: 20,
    padding: 24,
    componentSpacing: 60,
  }).run();
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3); // a small neighbourhood is not blown up to fill the box
    cy.center();
  }
  cy.on('tap', 'node', (event) => {
    location.hash = entityHref(event.target.id());
  });
  cy.on('mouseover', 'node', (event) => {
    event.target.addClass('hover');
    container.title = `${event.target.data('type')}: ${event.target.data('full')}`;
    container.style.cursor = 'pointer';
  });
  cy.on('mouseout', 'node', (event) => {
    event.target.removeClass('hover');
    container.title = '';
    container.style.cursor = '';
  });
  container.kgNetwork = cy; // for the end-to-end tests and the browser console
  container.dataset.nodeCount = String(cy.nodes().length);
  container.dataset.edgeCount = String(cy.edges().length);

  const n = graph.nodes.length;
  const m = graph.edges.length;
  status.textContent = `${n} node${n === 1 ? '' : 's'}, ${m} relation${m === 1 ? '' : 's'} within ${graph.depth} hop${graph.depth === 1 ? '' : 's'}${graph.truncated ? ' (cut at 200 nodes)' : ''}.`;
  const types = [...new Set(graph.nodes.map((x) => x.type))].sort();
  fill(legend, types.map((t) => h('li', {}, badge(t))));
  const byId = new Map(graph.nodes.map((x) => [x.id, x]));
  list.append(
    h('h3', {}, 'Nodes'),
    h('ul', { class: 'plain' }, graph.nodes.map((x) => h('li', {}, nodeLink(x), ` (${x.distance} hop${x.distance === 1 ? '' : 's'})`))),
    h('h3', {}, 'Relations'),
    h('ul', { class: 'plain' }, graph.edges.map((e) => h('li', {}, shorten(byId.get(e.source)?.label ?? e.source, 50), ` — ${e.label} → `, shorten(byId.get(e.target)?.label ?? e.target, 50)))),
  );
  return () => {
    delete container.kgNetwork;
    cy.destroy();
  };
}
