// Every HTTP call of the page goes through here. The session cookie (set when the page was opened
// with the server's ?token= link) authenticates them.

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.field = body ? body.field : undefined;
  }
}

async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const api = {
  listRuns: (params = {}) => request('GET', '/api/runs?' + new URLSearchParams(params)),
  getRun: (id) => request('GET', `/api/runs/${id}`),
  events: (lastEventId) => new EventSource('/api/events' + (lastEventId ? `?lastEventId=${lastEventId}` : '')),
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
};
