// All runs: filter, sort and page on the server (fast at thousands of runs), live status and
// latest values over the all-runs event stream, and a selection to compare.

import { api } from '../api.js';
import { ago, dateTime, debounce, num } from '../format.js';
import { href, navigate, replaceQuery, route } from '../router.js';
import { ErrorBox } from '../widgets/error-box.js';
import { RunStatus, progressAt } from '../widgets/status.js';
import { perf } from '../perf.js';

const STATUSES = ['QUEUED', 'RUNNING', 'FINISHED', 'FAILED', 'CANCELLED'];
const SORTABLE = { id: '#', name: 'Name', model: 'Model', status: 'Status', created: 'Created' };
const PAGE_SIZES = [25, 50, 100, 200];
const FILTERS = ['status', 'model', 'dataset', 'tag', 'q'];

export const RunsPage = {
  name: 'RunsPage',
  components: { RunStatus, ErrorBox },
  data() {
    const q = route.query;
    return {
      runs: [],
      total: null,
      summaries: {},
      loading: true,
      error: null,
      catalog: null,
      filter: { status: q.status || '', model: q.model || '', dataset: q.dataset || '', tag: q.tag || '', q: q.q || '' },
      sort: q.sort || '-created',
      // the latest-values column asks for at most 200 runs' summaries at once (a hand-set limit=500 emptied it)
      limit: Math.min(200, Math.max(1, Math.floor(Number(q.limit)) || 50)),
      offset: Number(q.offset) || 0,
      selected: (q.selected || '').split(',').filter(Boolean).map(Number),
      STATUSES, SORTABLE, PAGE_SIZES,
    };
  },
  computed: {
    filtered() { return FILTERS.some((k) => this.filter[k]); },
    models() { return this.catalog ? this.catalog.models : []; },
    datasets() { return this.catalog ? this.catalog.datasets : []; },
    pageEnd() { return Math.min(this.offset + this.runs.length, this.total || 0); },
    canCompare() { return this.selected.length >= 2 && this.selected.length <= 8; },
    compareHref() { return href('/compare', { ids: this.selected.join(',') }); },
  },
  async mounted() {
    this.reloadSoon = debounce(() => this.load(), 250);
    this.typed = debounce(() => { this.offset = 0; this.load(); }, 300);
    api.catalog().then((c) => { this.catalog = c; }).catch(() => { /* filters by text still work */ });
    await this.load();
    // left before the first page came: no stream, nor anything rewriting the next page's address
    if (this.gone) return;
    this.listen();
  },
  beforeUnmount() {
    this.gone = true;
    if (this.source) this.source.close();
  },
  methods: {
    params() {
      const p = { sort: this.sort, limit: this.limit, offset: this.offset };
      FILTERS.forEach((k) => { if (this.filter[k]) p[k] = this.filter[k]; });
      return p;
    },
    async load() {
      if (this.gone) return;
      const p = this.params();
      replaceQuery({ ...p, limit: p.limit === 50 ? undefined : p.limit, sort: p.sort === '-created' ? undefined : p.sort,
        offset: p.offset || undefined, selected: this.selected.join(',') || undefined });
      try {
        const page = await api.listRuns(p);
        if (page.runs.length === 0 && this.offset > 0 && page.total > 0) {
          this.offset = Math.max(0, Math.floor((page.total - 1) / this.limit) * this.limit);
          return this.load();
        }
        this.runs = page.runs;
        this.total = page.total;
        this.error = null;
        this.loadSummaries();
        if (!this.marked && this.runs.length) {
          this.marked = true;
          this.$nextTick(() => perf.mark('telltale:runs-table'));
        }
      } catch (e) {
        this.error = e;
      } finally {
        this.loading = false;
      }
    },
    async loadSummaries() {
      const ids = this.runs.map((r) => r.id);
      if (!ids.length) return;
      try {
        const body = await api.summaries(ids);
        const next = {};
        body.summaries.forEach((s) => { next[s.runId] = s; });
        this.summaries = next;
      } catch (e) {
        // the table is still useful without the latest values
      }
    },
    listen() {
      this.source = api.events();
      // a run that changed between the first load and the stream's (re)connection sent its event to
      // no one: reload once the stream is open, or the table keeps the stale status
      this.source.addEventListener('open', () => this.reloadSoon());
      this.source.addEventListener('reset', () => this.reloadSoon());
      this.source.addEventListener('run', () => this.reloadSoon());
      this.source.addEventListener('status', () => this.reloadSoon());
      this.source.addEventListener('metrics', (ev) => this.onMetrics(JSON.parse(ev.data)));
    },
    /** The all-runs stream carries the newest point of each key per batch: enough for the table. */
    onMetrics(m) {
      const run = this.runs.find((r) => r.id === m.runId);
      if (!run || !m.latest) return;
      const s = this.summaries[m.runId] || { runId: m.runId, latest: {}, evaluations: {} };
      const latest = { ...s.latest };
      let lossStep = null;
      for (const p of m.latest) {
        latest[p.key] = { step: p.step, value: p.value };
        if (p.key.startsWith('loss/')) lossStep = Math.max(lossStep || 0, p.step);
      }
      this.summaries = { ...this.summaries, [m.runId]: { ...s, latest } };
      if (lossStep !== null) run.progress = progressAt(run, lossStep);
    },
    sortBy(field) {
      this.sort = this.sort === field ? '-' + field : (this.sort === '-' + field ? field : (field === 'created' ? '-created' : field));
      this.offset = 0;
      this.load();
    },
    ariaSort(field) {
      if (this.sort === field) return 'ascending';
      if (this.sort === '-' + field) return 'descending';
      return 'none';
    },
    changed() { this.offset = 0; this.load(); },
    clearFilters() {
      FILTERS.forEach((k) => { this.filter[k] = ''; });
      this.changed();
    },
    page(delta) {
      this.offset = Math.max(0, this.offset + delta * this.limit);
      this.load();
    },
    toggle(id) {
      const i = this.selected.indexOf(id);
      if (i >= 0) this.selected.splice(i, 1);
      else this.selected.push(id);
      replaceQuery({ ...route.query, selected: this.selected.join(',') || undefined });
    },
    compare() { navigate('/compare', { ids: this.selected.join(',') }); },
    filterTag(t) { this.filter.tag = t; this.changed(); },
    losses(run) {
      const latest = (this.summaries[run.id] || {}).latest || {};
      const keys = ['loss/d', 'loss/g'].filter((k) => latest[k]);
      const shown = keys.length ? keys : Object.keys(latest).filter((k) => k.startsWith('loss/')).slice(0, 2);
      return shown.map((k) => ({ key: k.replace('loss/', ''), value: latest[k].value }));
    },
    score(run, metric, evalKey) {
      const s = this.summaries[run.id];
      if (!s) return null;
      const e = s.evaluations[metric];
      if (e) return e;
      const m = s.latest[evalKey];
      return m ? { mean: m.value, std: null } : null;
    },
    runHref: (r) => href('/runs/' + r.id),
    num, ago, dateTime,
  },
  template: `
    <section class="page runs-page">
      <div class="page-head">
        <h2 tabindex="-1" class="page-title">Runs <small v-if="total !== null">({{ total }})</small></h2>
        <div class="head-actions">
          <button type="button" :disabled="!canCompare" @click="compare" data-test="compare"
                  :title="canCompare ? '' : 'select 2 to 8 runs'">Compare{{ selected.length ? ' (' + selected.length + ')' : '' }}</button>
          <a class="button primary" href="#/launch">Launch a run</a>
        </div>
      </div>

      <form class="filters" role="search" @submit.prevent="changed" aria-label="filter runs">
        <label>Status
          <select v-model="filter.status" @change="changed" data-test="filter-status">
            <option value="">any</option>
            <option v-for="s in STATUSES" :key="s" :value="s">{{ s.toLowerCase() }}</option>
          </select>
        </label>
        <label>Model
          <select v-model="filter.model" @change="changed" data-test="filter-model">
            <option value="">any</option>
            <option v-for="m in models" :key="m.id" :value="m.id">{{ m.title }}</option>
          </select>
        </label>
        <label>Dataset
          <select v-model="filter.dataset" @change="changed">
            <option value="">any</option>
            <option v-for="d in datasets" :key="d.id" :value="d.id">{{ d.title }}</option>
          </select>
        </label>
        <label>Tag <input v-model.trim="filter.tag" @input="typed" size="12" placeholder="e.g. baseline"></label>
        <label>Search <input type="search" v-model.trim="filter.q" @input="typed" size="18" placeholder="name or notes" data-test="filter-q"></label>
        <button v-if="filtered" type="button" class="link" @click="clearFilters">Clear filters</button>
      </form>

      <error-box :error="error" :retry="load"></error-box>

      <div v-if="!loading && !error && total === 0" class="empty" data-test="empty">
        <template v-if="filtered">
          <p>No runs match these filters. <button type="button" class="link" @click="clearFilters">Clear them</button> to see all runs.</p>
        </template>
        <template v-else>
          <p><strong>No runs yet.</strong> Start with one:</p>
          <ol>
            <li><a href="#/launch?model=stackgan-stage1&dataset=shapes&preset=tiny">Launch a tiny StackGAN Stage-I on the built-in shapes</a>
              (seconds on a CPU) to see charts and samples appear live; then the <code>cpu</code> preset for a real one.</li>
            <li>When a Stage-I run has finished, launch a Stage-II on it, and compare runs side by side.</li>
            <li>Pick a finished run on <a href="#/generate">Generate</a> and type a caption.</li>
          </ol>
          <p class="hint">Runs tracked from elsewhere (<code>POST /api/runs</code> with <code>"external": true</code>) appear here too.</p>
        </template>
      </div>

      <div v-else-if="runs.length" class="table-wrap">
        <table class="runs table" data-test="runs">
          <caption class="sr-only">Runs, {{ total }} in all, sorted by {{ sort }}</caption>
          <thead>
            <tr>
              <th scope="col"><span class="sr-only">Select</span></th>
              <th v-for="(label, field) in {id: '#', name: 'Name', model: 'Model'}" :key="field" scope="col" :aria-sort="ariaSort(field)">
                <button type="button" class="sort" @click="sortBy(field)">{{ label }}<span aria-hidden="true">{{ ariaSort(field) === 'ascending' ? ' ▲' : ariaSort(field) === 'descending' ? ' ▼' : '' }}</span></button>
              </th>
              <th scope="col">Dataset</th>
              <th scope="col">Preset</th>
              <th scope="col" :aria-sort="ariaSort('status')"><button type="button" class="sort" @click="sortBy('status')">Status<span aria-hidden="true">{{ ariaSort('status') === 'ascending' ? ' ▲' : ariaSort('status') === 'descending' ? ' ▼' : '' }}</span></button></th>
              <th scope="col">Device</th>
              <th scope="col">Losses</th>
              <th scope="col" title="Inception score (mean ± std)">IS</th>
              <th scope="col" title="Fréchet distance on the judge's features">FID</th>
              <th scope="col" title="Caption accuracy of the judge">Caption acc.</th>
              <th scope="col" :aria-sort="ariaSort('created')"><button type="button" class="sort" @click="sortBy('created')">Created<span aria-hidden="true">{{ ariaSort('created') === 'ascending' ? ' ▲' : ariaSort('created') === 'descending' ? ' ▼' : '' }}</span></button></th>
              <th scope="col">Tags</th>
            </tr>
          </thead>
          <tbody>
            <tr v-for="run in runs" :key="run.id" :data-run-id="run.id" :class="{selected: selected.includes(run.id)}">
              <td><input type="checkbox" :checked="selected.includes(run.id)" @change="toggle(run.id)"
                         :aria-label="'select run ' + run.id + ' ' + run.name" data-test="select"></td>
              <td>{{ run.id }}</td>
              <td class="name"><a :href="runHref(run)">{{ run.name }}</a></td>
              <td>{{ run.model }}</td>
              <td>{{ run.dataset || '—' }}</td>
              <td>{{ run.preset || '—' }}</td>
              <td><run-status :run="run"></run-status></td>
              <td>{{ run.device || (run.external ? 'external' : run.deviceKind || '—') }}</td>
              <td class="num">
                <span v-for="l in losses(run)" :key="l.key" class="loss" :data-loss="l.key">{{ l.key }} {{ num(l.value, 3) }}</span>
              </td>
              <td class="num"><template v-if="score(run, 'inception_score', 'eval/is_mean')">{{ num(score(run, 'inception_score', 'eval/is_mean').mean, 3) }}<small v-if="score(run, 'inception_score', 'eval/is_mean').std !== null"> ± {{ num(score(run, 'inception_score', 'eval/is_mean').std, 2) }}</small></template><template v-else>—</template></td>
              <td class="num">{{ score(run, 'fid', 'eval/fid') ? num(score(run, 'fid', 'eval/fid').mean, 4) : '—' }}</td>
              <td class="num">{{ score(run, 'caption_accuracy', 'eval/caption_accuracy') ? num(100 * score(run, 'caption_accuracy', 'eval/caption_accuracy').mean, 3) + ' %' : '—' }}</td>
              <td :title="dateTime(run.createdAt)">{{ ago(run.createdAt) }}</td>
              <td><button v-for="t in run.tags" :key="t" type="button" class="tag" @click="filterTag(t)" :title="'show runs tagged ' + t">{{ t }}</button></td>
            </tr>
          </tbody>
        </table>
      </div>

      <nav v-if="total > 0" class="pager" aria-label="pages of runs">
        <button type="button" :disabled="offset === 0" @click="page(-1)">‹ Previous</button>
        <span data-test="page-info">{{ offset + 1 }}–{{ pageEnd }} of {{ total }}</span>
        <button type="button" :disabled="offset + limit >= total" @click="page(1)" data-test="next-page">Next ›</button>
        <label>Per page <select v-model.number="limit" @change="changed"><option v-for="n in PAGE_SIZES" :key="n" :value="n">{{ n }}</option></select></label>
      </nav>
    </section>`,
};
