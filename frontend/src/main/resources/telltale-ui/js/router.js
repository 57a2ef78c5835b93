// A hash router: every page is a shareable address (#/runs/42, #/compare?ids=1,2) and the back
// button works, without any server route beyond "/".

const { reactive } = Vue;

const ROUTES = [
  { name: 'runs', pattern: /^\/runs\/?$/ },
  { name: 'run', pattern: /^\/runs\/(\d+)\/?$/, params: ['id'] },
  { name: 'launch', pattern: /^\/launch\/?$/ },
  { name: 'compare', pattern: /^\/compare\/?$/ },
  { name: 'generate', pattern: /^\/generate\/?$/ },
  { name: 'studies', pattern: /^\/studies(?:\/(new|\d+))?\/?$/, params: ['view'] },
];

/** The current route: name, path parameters and query, kept in step with location.hash. */
export const route = reactive({ name: 'runs', params: {}, query: {}, path: '/runs', visit: 0 });

export function parse(hash) {
  const raw = (hash || '').replace(/^#/, '') || '/runs';
  const [path, qs] = raw.split('?', 2);
  const query = Object.fromEntries(new URLSearchParams(qs || ''));
  for (const r of ROUTES) {
    const m = path.match(r.pattern);
    if (m) {
      const params = {};
      (r.params || []).forEach((p, i) => { params[p] = m[i + 1]; });
      return { name: r.name, params, query, path };
    }
  }
  return { name: 'notFound', params: {}, query, path };
}

/** A navigation (a link, back, a typed address) is a new visit: its page starts afresh. */
function sync() {
  Object.assign(route, parse(location.hash), { visit: route.visit + 1 });
}

/** An address for a route: href('/runs', {status: 'RUNNING'}) -> '#/runs?status=RUNNING'. */
export function href(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return '#' + path + (s ? '?' + s : '');
}

export function navigate(path, query) {
  location.hash = href(path, query);
}

/** Changes the query of the current page without a new history entry (filters, sliders). */
export function replaceQuery(query) {
  history.replaceState(null, '', href(route.path, query));
  route.query = { ...query };
}

window.addEventListener('hashchange', sync);
sync();
