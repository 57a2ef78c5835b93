// Every HTTP call of the page goes through here. The session cookie (set when the page was opened
// with the server's ?token= link) authenticates them.

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.field = body ? body.field : undefined;
    // a launch names every bad field at once: [{field, message}]
    this.errors = body && Array.isArray(body.errors) ? body.errors : [];
  }
}

async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { error: `the server did not answer (${e.message}); is it running?` });
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = { error: `HTTP ${res.status}: ${text.slice(0, 200)}` };
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** Query string with repeated keys for arrays, without empty values. */
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.append(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  health: () => request('GET', '/api/health'),
  catalog: () => request('GET', '/api/catalog'),
  scheduler: () => request('GET', '/api/scheduler'),

  listRuns: (params = {}) => request('GET', '/api/runs' + query(params)),
  getRun: (id) => request('GET', `/api/runs/${id}`),
  launch: (body) => request('POST', '/api/runs', body),
  updateRun: (id, patch) => request('PATCH', `/api/runs/${id}`, patch),
  cancelRun: (id) => request('POST', `/api/runs/${id}/cancel`),
  resumeRun: (id) => request('POST', `/api/runs/${id}/resume`),
  cloneRun: (id, name) => request('POST', `/api/runs/${id}/clone`, name ? { name } : {}),

  summaries: (ids) => request('GET', '/api/summaries' + query({ id: ids })),
  compare: (ids) => request('GET', '/api/compare' + query({ id: ids })),

  metricKeys: (id) => request('GET', `/api/runs/${id}/metrics/keys`),
  metrics: (id, keys, maxPoints = 1500, fromStep, toStep) =>
    request('GET', `/api/runs/${id}/metrics` + query({ key: keys, maxPoints, fromStep, toStep })),
  exportUrl: (id) => `/api/runs/${id}/metrics/export`,
  evaluations: (id) => request('GET', `/api/runs/${id}/evaluations`),

  artifacts: (id, kind) => request('GET', `/api/runs/${id}/artifacts` + query({ kind })),
  checkpoints: (id) => request('GET', `/api/runs/${id}/checkpoints`),
  attempts: (id) => request('GET', `/api/runs/${id}/attempts`),
  log: (id, lines = 200) => request('GET', `/api/runs/${id}/log` + query({ lines })),
  artifactUrl: (artifactId, download = false) => `/api/artifacts/${artifactId}/content${download ? '?download=true' : ''}`,

  generate: (body) => request('POST', '/api/generate', body),

  /** Live events of all runs, or of one run; the browser reconnects with Last-Event-ID itself. */
  events: (lastEventId) => new EventSource('/api/events' + query({ lastEventId })),
  runEvents: (id, lastEventId) => new EventSource(`/api/runs/${id}/events` + query({ lastEventId })),
};

// Human ranking studies: the owner's calls (session cookie, like everything above) ...
export const studiesApi = {
  list: () => request('GET', '/api/studies'),
  get: (id) => request('GET', `/api/studies/${id}`),
  create: (body) => request('POST', '/api/studies', body),
  close: (id) => request('POST', `/api/studies/${id}/close`),
  share: (id) => request('POST', `/api/studies/${id}/share`),
  results: (id) => request('GET', `/api/studies/${id}/results`),
  resultsUrl: (id, format) => `/api/studies/${id}/results?format=${format}`,
  finishedRuns: () => request('GET', '/api/runs?' + new URLSearchParams({ status: 'FINISHED', sort: '-created', limit: 500 })),
  checkpoints: (runId) => request('GET', `/api/runs/${runId}/checkpoints`),
};

// ... and a rater's, whose only credential is the study token in the path.
export const rateApi = {
  tasks: (token, rater) => request('GET', `/api/rate/${encodeURIComponent(token)}`
    + (rater ? '?' + new URLSearchParams({ rater }) : '')),
  judge: (token, taskId, rater, order, ms) =>
    request('POST', `/api/rate/${encodeURIComponent(token)}/tasks/${taskId}/judgement`, { rater, order, ms }),
  /** A task's picture or clip as a Blob (the page shows a task's pictures all at once). */
  picture: async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw new ApiError(res.status, null);
    return res.blob();
  },
};
