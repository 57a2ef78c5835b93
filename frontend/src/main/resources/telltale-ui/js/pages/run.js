// One run: live charts over its event stream, scores, samples, checkpoints, log, spec and notes.

import { api } from '../api.js';
import { MetricChart, chartGroups } from '../charts.js';
import { dateTime, duration, num, queryableKey, throttle } from '../format.js';
import { navigate, href, replaceQuery, route } from '../router.js';
import { CheckpointList } from '../widgets/checkpoints.js';
import { ErrorBox } from '../widgets/error-box.js';
import { LogTail } from '../widgets/log-tail.js';
import { SampleViewer } from '../widgets/samples.js';
import { RunStatus, progressAt } from '../widgets/status.js';
import { ChartControls, chartSettings, saveChartSettings } from '../widgets/chart-controls.js';
import { perf } from '../perf.js';

const { markRaw } = Vue;

export const MAX_POINTS = 1500;
const TABS = [['charts', 'Charts'], ['samples', 'Samples'], ['checkpoints', 'Checkpoints'], ['log', 'Log'], ['spec', 'Spec and notes']];
const TAG = /^[A-Za-z0-9_.:/+-]+$/;

/** Puts a live point into a step-ordered series: appended, replacing a re-sent step, or inserted. */
export function mergePoint(s, step, value, time) {
  const n = s.steps.length;
  if (n === 0 || step > s.steps[n - 1]) {
    s.steps.push(step); s.values.push(value); s.times.push(time);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.steps[mid] < step) lo = mid + 1; else hi = mid;
  }
  if (s.steps[lo] === step) {
    s.values[lo] = value; s.times[lo] = time;
  } else {
    s.steps.splice(lo, 0, step); s.values.splice(lo, 0, value); s.times.splice(lo, 0, time);
  }
}

export const RunPage = {
  name: 'RunPage',
  components: { MetricChart, RunStatus, ErrorBox, SampleViewer, CheckpointList, LogTail, ChartControls },
  data() {
    return {
      id: Number(route.params.id),
      run: null,
      error: null,
      actionError: null,
      notice: '',
      tab: TABS.some(([t]) => t === route.query.tab) ? route.query.tab : 'charts',
      groups: [],
      chartSeries: {},
      version: 0,
      keysLoaded: false,
      unchartable: [],
      evaluations: [],
      artifactVersion: 0,
      settings: chartSettings(),
      edit: null,
      editError: null,
      saving: false,
      TABS,
    };
  },
  computed: {
    alive() { return this.run && ['QUEUED', 'RUNNING'].includes(this.run.status); },
    canCancel() { return this.alive && !this.run.external; },
    canResume() { return this.run && ['FAILED', 'CANCELLED'].includes(this.run.status) && !this.run.external; },
    canGenerate() { return this.run && this.run.status === 'FINISHED' && this.run.model.startsWith('stackgan'); },
    params() {
      if (!this.run) return [];
      return Object.keys(this.run.params || {}).sort().map((k) => [k, this.run.params[k]]);
    },
    scoreRows() {
      const byStep = new Map();
      for (const e of this.evaluations) {
        if (!byStep.has(e.step)) byStep.set(e.step, { step: e.step });
        byStep.get(e.step)[e.metric] = e;
      }
      return [...byStep.values()].sort((a, b) => b.step - a.step);
    },
  },
  async mounted() {
    this.series = markRaw({});
    this.refetchSoon = throttle(() => this.loadSeries(), 10000);
    this.keysSoon = throttle(() => this.loadKeys(), 2000);
    this.evalsSoon = throttle(() => this.loadEvaluations(), 2000);
    this.rendered = new Set();
    await this.loadRun();
    // left before the run came: no stream appending to a page no one sees
    if (!this.run || this.gone) return;
    this.listen();
    await this.loadKeys();
    this.loadEvaluations();
  },
  beforeUnmount() {
    this.gone = true;
    if (this.source) this.source.close();
  },
  watch: {
    settings: { deep: true, handler(s) { saveChartSettings(s); } },
  },
  methods: {
    async loadRun() {
      try {
        this.run = await api.getRun(this.id);
        this.error = null;
      } catch (e) {
        this.error = e;
      }
    },
    selectTab(t) {
      this.tab = t;
      replaceQuery({ ...route.query, tab: t === 'charts' ? undefined : t });
    },
    tabKey(e, i) {
      const n = TABS.length;
      const j = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i + n - 1) % n : -1;
      if (j < 0) return;
      this.selectTab(TABS[j][0]);
      this.$nextTick(() => this.$refs.tabs.querySelectorAll('[role=tab]')[j].focus());
    },

    // ---- series ----
    async loadKeys() {
      try {
        // the summary names the keys without counting a million points per key
        const all = Object.keys((await api.summaries([this.id])).summaries[0].latest);
        const keys = all.filter(queryableKey);
        this.unchartable = all.filter((k) => !queryableKey(k));
        const missing = keys.filter((k) => !this.series[k]);
        if (missing.length) await this.fetchSeries(missing);
        this.groups = chartGroups(Object.keys(this.series));
        const cs = {};
        for (const g of this.groups) {
          cs[g.id] = markRaw(g.keys.map((k) => this.series[k]));
        }
        this.chartSeries = cs;
        this.keysLoaded = true;
        if (!this.groups.length) perf.mark('telltale:charts');
      } catch (e) {
        this.error = e;
      }
    },
    async fetchSeries(keys) {
      for (let i = 0; i < keys.length; i += 50) {
        const body = await api.metrics(this.id, keys.slice(i, i + 50), MAX_POINTS);
        for (const s of body.series) {
          const old = this.series[s.key];
          const fresh = markRaw({ name: s.key, steps: s.steps, values: s.values, times: s.times });
          if (old) {
            // points that came live after the server read the series stay
            const last = s.steps.length ? s.steps[s.steps.length - 1] : -1;
            for (let j = 0; j < old.steps.length; j++) {
              if (old.steps[j] > last) mergePoint(fresh, old.steps[j], old.values[j], old.times[j]);
            }
            Object.assign(old, { steps: fresh.steps, values: fresh.values, times: fresh.times });
          } else {
            this.series[s.key] = fresh;
          }
        }
      }
    },
    async loadSeries() {
      try {
        await this.fetchSeries(Object.keys(this.series));
        this.version++;
      } catch (e) {
        // the live points are still drawn; the next refetch tries again
      }
    },
    onMetrics(data) {
      let newKey = false;
      let grown = false;
      let newest = 0;
      let lossStep = null;
      for (const p of data.points) {
        if (p.key.startsWith('loss/')) lossStep = Math.max(lossStep || 0, p.step);
        const s = this.series[p.key];
        if (!s) { newKey = newKey || queryableKey(p.key); continue; }
        mergePoint(s, p.step, p.value, p.time);
        if (s.steps.length > 3 * MAX_POINTS) grown = true;
        if (p.key.startsWith('eval/')) this.evalsSoon();
        newest = Math.max(newest, p.time);
      }
      if (lossStep !== null && this.run) this.run.progress = progressAt(this.run, lossStep);
      if (newKey) this.keysSoon();
      if (grown) this.refetchSoon();
      this.liveSince = this.liveSince || newest;
      this.version++;
    },
    chartRendered(groupId, points) {
      if (points > 0 && !this.rendered.has(groupId)) {
        this.rendered.add(groupId);
        if (this.rendered.size === this.groups.length) perf.mark('telltale:charts');
      }
      if (this.liveSince) {
        perf.live(Date.now() - this.liveSince);
        this.liveSince = 0;
      }
    },
    async loadEvaluations() {
      try {
        this.evaluations = (await api.evaluations(this.id)).evaluations;
      } catch (e) {
        // scores are an extra; the charts show eval/* anyway
      }
    },

    // ---- live ----
    listen() {
      this.source = api.runEvents(this.id);
      // a status change between the first fetch and the stream's (re)connection reached no one:
      // read the run again once the stream is open
      this.source.addEventListener('open', () => { if (!this.gone) this.loadRun(); });
      // too far behind for the server to replay (a laptop asleep through a long run): refetch all
      this.source.addEventListener('reset', () => { if (!this.gone) { this.loadRun(); this.loadSeries(); this.keysSoon(); } });
      this.source.addEventListener('metrics', (ev) => this.onMetrics(JSON.parse(ev.data)));
      const onRun = (ev) => { const d = JSON.parse(ev.data); if (d.run) this.run = d.run; };
      this.source.addEventListener('status', onRun);
      this.source.addEventListener('run', onRun);
      this.source.addEventListener('artifact', () => { this.artifactVersion++; });
    },

    // ---- actions ----
    async act(what, call) {
      this.actionError = null;
      this.notice = '';
      try {
        const run = await call();
        if (run && run.id === this.id) this.run = run;
        this.notice = what;
      } catch (e) {
        this.actionError = e;
      }
    },
    cancel() {
      if (!confirm(`Cancel run ${this.id}? A running worker writes a checkpoint and stops.`)) return;
      this.act('Cancelling: a running worker checkpoints and stops.', () => api.cancelRun(this.id));
    },
    resume() { this.act('Queued again from the newest checkpoint.', () => api.resumeRun(this.id)); },
    clone() { navigate('/launch', { clone: this.id }); },

    // ---- notes and tags ----
    startEdit() {
      this.edit = { name: this.run.name, notes: this.run.notes || '', tags: (this.run.tags || []).join(' ') };
      this.editError = null;
    },
    async saveEdit() {
      const tags = this.edit.tags.split(/[\s,]+/).filter(Boolean);
      const bad = tags.find((t) => !TAG.test(t) || t.length > 64);
      if (!this.edit.name.trim()) { this.editError = { field: 'name', message: 'a run needs a name' }; return; }
      if (bad) { this.editError = { field: 'tags', message: `tag '${bad}': letters, digits and _ . : / + - only, at most 64` }; return; }
      this.saving = true;
      try {
        this.run = await api.updateRun(this.id, { name: this.edit.name.trim(), notes: this.edit.notes, tags: [...new Set(tags)] });
        this.edit = null;
      } catch (e) {
        this.editError = { field: e.field, message: e.message };
      } finally {
        this.saving = false;
      }
    },
    fmt(v) { return typeof v === 'number' ? num(v, 6) : v === '' ? '""' : String(v); },
    num, dateTime, duration,
    exportUrl() { return api.exportUrl(this.id); },
    generateHref() { return href('/generate', { run: this.id }); },
  },
  template: `
    <section class="page run-page">
      <p class="crumbs"><a href="#/runs">Runs</a> › run {{ id }}</p>
      <error-box :error="error" :retry="loadRun"></error-box>
      <template v-if="run">
        <div class="page-head">
          <h2 tabindex="-1" class="page-title" data-test="run-name">{{ run.name }}</h2>
          <run-status :run="run"></run-status>
          <div class="head-actions">
            <button v-if="canCancel" type="button" class="danger" @click="cancel" data-test="cancel">Cancel</button>
            <button v-if="canResume" type="button" @click="resume" data-test="resume">Resume</button>
            <button type="button" @click="clone" :disabled="run.external" :title="run.external ? 'a tracked-only run has no spec to launch' : 'launch again, with the form pre-filled'">Clone…</button>
            <a v-if="canGenerate" class="button" :href="generateHref()">Generate</a>
            <a class="button" :href="exportUrl()" download>Export CSV</a>
          </div>
        </div>
        <p class="meta">
          <span>{{ run.model }}</span> · <span>{{ run.dataset || 'no dataset' }}</span> · <span>preset {{ run.preset || '—' }}</span>
          · <span>seed {{ run.seed ?? '—' }}</span> · <span>{{ run.device || run.deviceKind || (run.external ? 'external' : '') }}</span>
          · <span>created {{ dateTime(run.createdAt) }}</span>
          <span v-if="run.attempt > 1"> · attempt {{ run.attempt }}</span>
          <span v-for="t in run.tags" :key="t" class="tag">{{ t }}</span>
        </p>
        <p v-if="run.error" class="run-error" role="status"><strong>Error:</strong> <span class="pre">{{ run.error }}</span></p>
        <p v-if="notice" class="notice" role="status">{{ notice }}</p>
        <error-box :error="actionError"></error-box>

        <div class="tabs" role="tablist" ref="tabs" aria-label="run views">
          <button v-for="([t, label], i) in TABS" :key="t" type="button" role="tab" :id="'tab-' + t"
                  :aria-selected="tab === t" :tabindex="tab === t ? 0 : -1" :aria-controls="'panel-' + t"
                  @click="selectTab(t)" @keydown="tabKey($event, i)" :data-tab="t">{{ label }}</button>
        </div>

        <div v-if="tab === 'charts'" id="panel-charts" role="tabpanel" aria-labelledby="tab-charts">
          <chart-controls v-model="settings"></chart-controls>
          <p v-if="keysLoaded && groups.length === 0" class="empty" data-test="no-metrics">
            No metrics yet. {{ alive ? 'They appear here live as soon as the worker reports its first step.' : 'This run reported none.' }}
          </p>
          <p v-if="unchartable.length" class="help" data-test="unchartable">
            Not charted: {{ unchartable.join(', ') }} (a '%' in a metric's name cannot be asked for; rename it when you log it).
          </p>
          <table v-if="scoreRows.length" class="table scores" data-test="scores">
            <caption>Evaluations</caption>
            <thead><tr><th scope="col">Step</th><th scope="col">Inception score</th><th scope="col">FID</th><th scope="col">Caption accuracy</th><th scope="col">n</th></tr></thead>
            <tbody><tr v-for="r in scoreRows" :key="r.step">
              <td>{{ r.step }}</td>
              <td>{{ r.inception_score ? num(r.inception_score.mean, 4) + (r.inception_score.std != null ? ' ± ' + num(r.inception_score.std, 3) : '') : '—' }}</td>
              <td>{{ r.fid ? num(r.fid.mean, 4) : '—' }}</td>
              <td>{{ r.caption_accuracy ? num(100 * r.caption_accuracy.mean, 3) + ' %' : '—' }}</td>
              <td>{{ (r.inception_score || r.fid || r.caption_accuracy || {}).n ?? '—' }}</td>
            </tr></tbody>
          </table>
          <div class="charts">
            <metric-chart v-for="g in groups" :key="g.id" :title="g.title" :series="chartSeries[g.id]" :version="version"
                          :smoothing="settings.smoothing" :log-scale="settings.logScale" :x-axis="settings.xAxis"
                          @rendered="chartRendered(g.id, $event)"></metric-chart>
          </div>
        </div>

        <div v-else-if="tab === 'samples'" id="panel-samples" role="tabpanel" aria-labelledby="tab-samples">
          <sample-viewer :run-id="id" :version="artifactVersion"></sample-viewer>
        </div>

        <div v-else-if="tab === 'checkpoints'" id="panel-checkpoints" role="tabpanel" aria-labelledby="tab-checkpoints">
          <checkpoint-list :run="run" :version="artifactVersion" @resume="resume"></checkpoint-list>
        </div>

        <div v-else-if="tab === 'log'" id="panel-log" role="tabpanel" aria-labelledby="tab-log">
          <log-tail :run-id="id" :live="alive"></log-tail>
        </div>

        <div v-else id="panel-spec" role="tabpanel" aria-labelledby="tab-spec" class="spec">
          <section aria-labelledby="notes-h">
            <h3 id="notes-h">Name, tags and notes</h3>
            <template v-if="!edit">
              <p class="notes pre" data-test="notes">{{ run.notes || 'No notes.' }}</p>
              <button type="button" @click="startEdit" data-test="edit">Edit</button>
            </template>
            <form v-else class="form" @submit.prevent="saveEdit">
              <label for="edit-name">Name</label>
              <input id="edit-name" v-model="edit.name" maxlength="200" required :aria-invalid="editError && editError.field === 'name'">
              <label for="edit-tags">Tags <small>(separated by spaces or commas)</small></label>
              <input id="edit-tags" v-model="edit.tags" :aria-invalid="editError && editError.field === 'tags'" data-test="edit-tags">
              <label for="edit-notes">Notes</label>
              <textarea id="edit-notes" v-model="edit.notes" rows="5" data-test="edit-notes"></textarea>
              <p v-if="editError" class="field-error" role="alert">{{ editError.message }}</p>
              <div><button type="submit" class="primary" :disabled="saving" data-test="save">Save</button>
                <button type="button" @click="edit = null">Discard</button></div>
            </form>
          </section>
          <section aria-labelledby="spec-h">
            <h3 id="spec-h">Parameters <small v-if="!run.external">(the resolved spec the worker ran)</small></h3>
            <p v-if="params.length === 0" class="empty">No parameters recorded.</p>
            <table v-else class="table params" data-test="params">
              <tbody><tr v-for="[k, v] in params" :key="k"><th scope="row">{{ k }}</th><td><code>{{ fmt(v) }}</code></td></tr></tbody>
            </table>
          </section>
        </div>
      </template>
    </section>`,
};
