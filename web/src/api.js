// Calls to kg's REST API. URLs are relative to the page, so the app also works behind a
// reverse proxy that serves kg under a path.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function url(path, params = {}) {
  const u = new URL(path.replace(/^\//, ''), document.baseURI);
  u.hash = '';
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') u.searchParams.set(key, value);
  }
  return u;
}

async function failure(response) {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (typeof body.detail === 'string') message = body.detail;
    else if (body.detail) message = JSON.stringify(body.detail);
  } catch {
    /* not JSON */
  }
  return new ApiError(response.status, message);
}

export async function getJSON(path, params) {
  const response = await fetch(url(path, params), { headers: { Accept: 'application/json' } });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Every item of a paged list (`{total, items}`), 1000 at a time. */
export async function getAll(path, params = {}) {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await getJSON(path, { ...params, limit: 1000, offset });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

/** POST a SPARQL query (form-encoded) asking for `accept`; the raw Response. */
export async function sparql(query, accept) {
  const response = await fetch(url('sparql'), {
    method: 'POST',
    headers: { Accept: accept, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) throw await failure(response);
  return response;
}

/** The path of an entity id (`person/joe-biden`, or a full IRI) under /entities/. */
export function entityPath(id) {
  return id.includes('://') ? encodeURIComponent(id) : id.split('/').map(encodeURIComponent).join('/');
}

export const KGR = 'https://w3id.org/newskg/id/';
