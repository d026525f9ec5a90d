// The SPARQL editor: CodeMirror 6 with the SPARQL mode, the saved queries of queries/ to
// start from, results as a table, downloads as CSV or SPARQL JSON (straight from /sparql).
import { defaultKeymap, history as editHistory, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { sparql as sparqlMode } from '@codemirror/legacy-modes/mode/sparql';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { getJSON, KGR, sparql } from './api.js';
import { fill, h } from './dom.js';
import { entityHref } from './links.js';

const DEFAULT_QUERY = `PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?type (COUNT(?node) AS ?count) WHERE {
  ?node a ?type .
  FILTER(STRSTARTS(STR(?type), STR(kg:)))
}
GROUP BY ?type
ORDER BY DESC(?count)
`;
const SHOWN_ROWS = 1000;
const IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]*$/;

/** A parameter value as a SPARQL term of its declared type (validated, never pasted raw). */
export function term(value, type) {
  const text = value.trim();
  if (type === 'iri') {
    const iri = text.split('/')[0].includes(':') ? text : KGR + text;
    if (!IRI.test(iri)) throw new Error(`not an IRI: ${text}`);
    return `<${iri}>`;
  }
  if (type === 'integer' && /^[+-]?\d+$/.test(text)) return `${text}`;
  if (type === 'decimal' && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return `"${text}"^^<http://www.w3.org/2001/XMLSchema#decimal>`;
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return `"${text}"^^<http://www.w3.org/2001/XMLSchema#date>`;
  if (type === 'string') return JSON.stringify(text); // JSON string escapes are valid SPARQL escapes
  throw new Error(`not a valid ${type}: ${text}`);
}

export async function renderSparql(view, ctx) {
  document.title = 'SPARQL — kg';
  const saved = await getJSON('web/queries');
  if (!ctx.alive()) return;
  const chosen = saved.find((q) => q.name === ctx.params.get('query'));

  const select = h(
    'select',
    { id: 'saved-query' },
    h('option', { value: '' }, '— your own query —'),
    saved.map((q) => h('option', { value: q.name, selected: q === chosen }, `${q.name}: ${q.summary}`)),
  );
  const params = h('div', { class: 'params', id: 'query-params' });
  const runButton = h('button', { type: 'submit', id: 'run-query' }, 'Run');
  const csvButton = h('button', { type: 'button', class: 'secondary', id: 'download-csv', disabled: true }, 'Download CSV');
  const jsonButton = h('button', { type: 'button', class: 'secondary', id: 'download-json', disabled: true }, 'Download JSON');
  const status = h('p', { class: 'status', role: 'status', id: 'query-status' });
  const results = h('div', { class: 'results-box', id: 'query-results' });
  const editorBox = h('div', { class: 'editor', id: 'editor' });
  const form = h(
    'form',
    { class: 'sparql-form', 'aria-label': 'SPARQL query' },
    h('div', { class: 'row' }, h('label', { for: 'saved-query' }, 'Saved query '), select),
    h('p', { class: 'hint' }, 'Edit freely; Ctrl+Enter runs. The default graph is the union of all article graphs. ', h('a', { href: 'docs' }, 'REST API docs'), '.'),
    editorBox,
    params,
    h('div', { class: 'row' }, runButton, csvButton, jsonButton),
  );
  fill(view, h('h1', {}, 'SPARQL'), form, status, results);

  let last = null; // the query text last run, for downloads
  const editor = new EditorView({
    parent: editorBox,
    state: EditorState.create({
      doc: chosen ? chosen.text : DEFAULT_QUERY,
      extensions: [
        lineNumbers(),
        editHistory(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        StreamLanguage.define(sparqlMode),
        syntaxHighlighting(defaultHighlightStyle),
        keymap.of([{ key: 'Mod-Enter', run: () => (form.requestSubmit(), true) }, ...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': 'SPARQL query text', 'aria-multiline': 'true' }),
        EditorView.lineWrapping,
      ],
    }),
  });

  function showParams() {
    const q = saved.find((x) => x.name === select.value);
    fill(
      params,
      q?.parameters.length
        ? [
            h('p', { class: 'hint' }, 'Parameters are added as a VALUES clause at the end of the query.'),
            q.parameters.map((p) =>
              h('div', { class: 'row' }, h('label', { for: `param-${p.name}` }, `?${p.name} `), h('input', { id: `param-${p.name}`, name: p.name, 'data-type': p.type, placeholder: p.type === 'iri' ? 'e.g. country/CU' : p.type, required: true }), h('span', { class: 'hint' }, ` ${p.description}`)),
            ),
          ]
        : null,
    );
  }
  select.addEventListener('change', () => {
    const q = saved.find((x) => x.name === select.value);
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: q ? q.text : DEFAULT_QUERY } });
    window.history.replaceState(null, '', `#/sparql${q ? `?query=${encodeURIComponent(q.name)}` : ''}`);
    showParams();
  });
  showParams();

  function queryText() {
    let text = editor.state.doc.toString();
    const inputs = [...params.querySelectorAll('input')];
    if (inputs.length) {
      const names = inputs.map((i) => `?${i.name}`).join(' ');
      const values = inputs.map((i) => term(i.value, i.dataset.type)).join(' ');
      text += `\nVALUES (${names}) { (${values}) }\n`;
    }
    return text;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let text;
    try {
      text = queryText();
    } catch (error) {
      status.textContent = error.message;
      status.className = 'status error';
      return;
    }
    status.className = 'status';
    status.textContent = 'Running…';
    runButton.disabled = true;
    const started = performance.now();
    try {
      const response = await sparql(text, 'application/sparql-results+json, text/turtle;q=0.9');
      const type = response.headers.get('content-type') || '';
      const ms = Math.round(performance.now() - started);
      if (type.includes('json')) {
        const data = await response.json();
        if ('boolean' in data) {
          fill(results, h('p', { class: 'boolean' }, `ASK: ${data.boolean}`));
          status.textContent = `Answered in ${ms} ms.`;
        } else {
          const rows = data.results.bindings;
          fill(results, table(data.head.vars, rows));
          status.textContent = `${rows.length} row${rows.length === 1 ? '' : 's'} in ${ms} ms${rows.length > SHOWN_ROWS ? ` (showing the first ${SHOWN_ROWS}; download for all)` : ''}.`;
        }
        last = { text, graph: false };
      } else {
        fill(results, h('pre', { class: 'rdf' }, await response.text()));
        status.textContent = `RDF (${type.split(';')[0]}) in ${ms} ms.`;
        last = { text, graph: true };
      }
      csvButton.disabled = last.graph;
      jsonButton.disabled = false;
      jsonButton.textContent = last.graph ? 'Download Turtle' : 'Download JSON';
    } catch (error) {
      fill(results);
      status.textContent = error.message;
      status.className = 'status error';
    } finally {
      runButton.disabled = false;
    }
  });

  async function download(accept, extension) {
    if (!last) return;
    try {
      const response = await sparql(last.text, accept);
      const blob = await response.blob();
      const link = h('a', { href: URL.createObjectURL(blob), download: `${select.value || 'query'}.${extension}` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      status.textContent = error.message;
      status.className = 'status error';
    }
  }
  csvButton.addEventListener('click', () => download('text/csv', 'csv'));
  jsonButton.addEventListener('click', () => (last?.graph ? download('text/turtle', 'ttl') : download('application/sparql-results+json', 'json')));

  if (chosen && !chosen.parameters.length) form.requestSubmit();
  return () => editor.destroy();
}

function table(vars, rows) {
  return h(
    'table',
    { class: 'data', id: 'results-table' },
    h('thead', {}, h('tr', {}, vars.map((v) => h('th', { scope: 'col' }, v)))),
    h('tbody', {}, rows.slice(0, SHOWN_ROWS).map((row) => h('tr', {}, vars.map((v) => h('td', {}, cell(row[v])))))),
  );
}

function cell(binding) {
  if (!binding) return '';
  if (binding.type === 'uri') {
    if (binding.value.startsWith(KGR)) {
      const id = binding.value.slice(KGR.length);
      return h('a', { href: id.startsWith('article/') && !id.slice(8).includes('/') ? `#/article/${id.slice(8)}` : entityHref(id), title: binding.value }, `kgr:${id}`);
    }
    if (binding.value.startsWith('https://w3id.org/newskg/ontology#')) return `kg:${binding.value.split('#')[1]}`;
    return binding.value;
  }
  return binding.value;
}
