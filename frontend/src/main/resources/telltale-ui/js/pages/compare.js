// 2 to 8 runs side by side: overlaid curves per metric, the parameters that differ, the score
// table in the shape of the StackGAN paper's, and the same captions and noise at a chosen step.

import { api } from '../api.js';
import { MetricChart, PALETTE } from '../charts.js';
import { num, queryableKey } from '../format.js';
import { href, replaceQuery, route } from '../router.js';
import { ChartControls, chartSettings, saveChartSettings } from '../widgets/chart-controls.js';
import { ErrorBox } from '../widgets/error-box.js';
import { MAX_POINTS } from './run.js';

const { markRaw } = Vue;

/** The sample of a run to show at `step`: its newest at or before it, else its first. */
export function sampleAt(list, step) {
  let best = null;
  for (const a of list) {
    if (a.step <= step && (!best || a.step > best.step)) best = a;
  }
  return best || list[0] || null;
}

export const ComparePage = {
  name: 'ComparePage',
  components: { MetricChart, ErrorBox, ChartControls },
  data() {
    const ids = String(route.query.ids || '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
    return {
      ids: [...new Set(ids)],
      data: null,
      error: null,
      charts: [],
      chartsLoaded: false,
      keyFilter: route.query.keys || '',
      settings: chartSettings(),
      stepIndex: 0,
      showSame: false,
    };
  },
  computed: {
    runs() { return this.data ? this.data.runs : []; },
    color() {
      const c = {};
      this.runs.forEach((r, i) => { c[r.id] = PALETTE[i % PALETTE.length]; });
      return c;
    },
    differing() { return this.data ? this.data.params.differing : []; },
    same() { return this.data ? Object.entries(this.data.params.same) : []; },
    visibleCharts() {
      const f = this.keyFilter.trim().toLowerCase();
      return f ? this.charts.filter((c) => c.key.toLowerCase().includes(f)) : this.charts;
    },
    sampleSteps() {
      if (!this.data) return [];
      const all = new Set();
      Object.values(this.data.samples).forEach((list) => list.forEach((a) => all.add(a.step)));
      return [...all].sort((a, b) => a - b);
    },
    step() { return this.sampleSteps[this.stepIndex]; },
    isVideo() { return this.runs.some((r) => (this.data.samples[r.id] || []).some((a) => a.kind === 'sample_video')); },
  },
  watch: {
    settings: { deep: true, handler(s) { saveChartSettings(s); } },
  },
  mounted() {
    if (this.ids.length >= 2 && this.ids.length <= 8) this.load();
  },
  methods: {
    async load() {
      try {
        this.data = await api.compare(this.ids);
        this.error = null;
        const wanted = Number(route.query.step);
        const at = this.sampleSteps.indexOf(wanted);
        this.stepIndex = at >= 0 ? at : Math.max(0, this.sampleSteps.length - 1);
        await this.loadCurves();
      } catch (e) {
        this.error = e;
      }
    },
    async loadCurves() {
      const byRun = {};
      await Promise.all(this.runs.map(async (r) => {
        const keys = this.data.metrics.filter((m) => m.runs.includes(r.id) && queryableKey(m.key)).map((m) => m.key);
        byRun[r.id] = {};
        for (let i = 0; i < keys.length; i += 50) {
          const body = await api.metrics(r.id, keys.slice(i, i + 50), MAX_POINTS);
          body.series.forEach((s) => { byRun[r.id][s.key] = s; });
        }
      }));
      this.charts = this.data.metrics.map((m) => ({
        key: m.key,
        series: markRaw(this.runs.filter((r) => byRun[r.id][m.key]).map((r) => markRaw({
          name: `#${r.id} ${r.name}`, color: this.color[r.id],
          steps: byRun[r.id][m.key].steps, values: byRun[r.id][m.key].values, times: byRun[r.id][m.key].times,
        }))),
      }));
      this.chartsLoaded = true;
    },
    stepMoved() {
      replaceQuery({ ...route.query, step: this.step });
    },
    filterKeys() {
      replaceQuery({ ...route.query, keys: this.keyFilter || undefined });
    },
    sample(runId) { return sampleAt(this.data.samples[runId] || [], this.step); },
    differs(row, i) { return i > 0 && JSON.stringify(row.values[i]) !== JSON.stringify(row.values[0]); },
    show(v) { return v === null || v === undefined ? '—' : typeof v === 'number' ? num(v, 6) : v === '' ? '""' : String(v); },
    score(row, metric) { return row[metric]; },
    runHref: (r) => href('/runs/' + r.id),
    num,
  },
  template: `
    <section class="page compare-page">
      <div class="page-head"><h2 tabindex="-1" class="page-title">Compare runs</h2></div>
      <div v-if="ids.length < 2 || ids.length > 8" class="empty" data-test="compare-empty">
        <p>Compare needs 2 to 8 runs. Tick them in the <a href="#/runs">runs table</a> and press <em>Compare</em>,
          or share an address like <code>#/compare?ids=1,2</code>.</p>
      </div>
      <error-box :error="error" :retry="load"></error-box>
      <template v-if="data">
        <ul class="legend" aria-label="runs compared">
          <li v-for="r in runs" :key="r.id" :data-run-id="r.id">
            <span class="swatch" :style="{background: color[r.id]}" aria-hidden="true"></span>
            <a :href="runHref(r)">#{{ r.id }} {{ r.name }}</a> <small>{{ r.model }} · {{ r.dataset }} · {{ r.status.toLowerCase() }}</small>
          </li>
        </ul>

        <section aria-labelledby="scores-h">
          <h3 id="scores-h">Scores</h3>
          <table class="table scores" data-test="score-table">
            <thead><tr><th scope="col">Run</th><th scope="col">Model</th><th scope="col">Dataset</th>
              <th scope="col">Inception score</th><th scope="col">FID</th><th scope="col">Caption accuracy</th></tr></thead>
            <tbody>
              <tr v-for="row in data.scores" :key="row.runId" :data-run-id="row.runId">
                <th scope="row">#{{ row.runId }} {{ row.name }}</th>
                <td>{{ row.model }}</td><td>{{ row.dataset || '—' }}</td>
                <td>{{ row.inception_score ? num(row.inception_score.mean, 4) + (row.inception_score.std != null ? ' ± ' + num(row.inception_score.std, 3) : '') : '—' }}</td>
                <td>{{ row.fid ? num(row.fid.mean, 4) : '—' }}</td>
                <td>{{ row.caption_accuracy ? num(100 * row.caption_accuracy.mean, 3) + ' %' : '—' }}</td>
              </tr>
            </tbody>
          </table>
          <p class="help">Each at the run's newest evaluation; — where a run has not been judged (launch with “judge samples”).</p>
        </section>

        <section aria-labelledby="params-h">
          <h3 id="params-h">Parameters that differ</h3>
          <p v-if="differing.length === 0" class="empty" data-test="no-diff">All {{ same.length }} parameters are the same.</p>
          <table v-else class="table diff" data-test="param-diff">
            <thead><tr><th scope="col">Parameter</th><th v-for="r in runs" :key="r.id" scope="col">#{{ r.id }}</th></tr></thead>
            <tbody>
              <tr v-for="row in differing" :key="row.key" :data-param="row.key">
                <th scope="row">{{ row.key }}</th>
                <td v-for="(v, i) in row.values" :key="i" :class="{differs: differs(row, i)}"><code>{{ show(v) }}</code></td>
              </tr>
            </tbody>
          </table>
          <details v-if="same.length && differing.length"><summary>{{ same.length }} parameters are the same</summary>
            <table class="table params"><tbody><tr v-for="[k, v] in same" :key="k"><th scope="row">{{ k }}</th><td><code>{{ show(v) }}</code></td></tr></tbody></table>
          </details>
        </section>

        <section aria-labelledby="samples-h">
          <h3 id="samples-h">Samples: same captions, same noise</h3>
          <p v-if="sampleSteps.length === 0" class="empty">None of these runs has written samples yet.</p>
          <template v-else>
            <div class="sample-controls">
              <label for="compare-step">Step</label>
              <input id="compare-step" type="range" min="0" :max="sampleSteps.length - 1" v-model.number="stepIndex" @change="stepMoved" :aria-valuetext="'step ' + step">
              <output for="compare-step">step {{ step }}</output>
            </div>
            <div class="side-by-side">
              <figure v-for="r in runs" :key="r.id" :data-run-id="r.id">
                <img v-if="sample(r.id)" :src="sample(r.id).url" :alt="'run ' + r.id + ' samples at step ' + sample(r.id).step">
                <p v-else class="empty">no samples</p>
                <figcaption><span class="swatch" :style="{background: color[r.id]}" aria-hidden="true"></span>#{{ r.id }} {{ r.name }}
                  <small v-if="sample(r.id) && sample(r.id).step !== step">(its step {{ sample(r.id).step }})</small></figcaption>
              </figure>
            </div>
          </template>
        </section>

        <section aria-labelledby="curves-h">
          <h3 id="curves-h">Curves</h3>
          <chart-controls v-model="settings"></chart-controls>
          <label class="key-filter">Only metrics containing <input v-model="keyFilter" @change="filterKeys" placeholder="e.g. loss" size="14"></label>
          <p v-if="chartsLoaded && charts.length === 0" class="empty">These runs have no metrics yet.</p>
          <div class="charts">
            <metric-chart v-for="c in visibleCharts" :key="c.key" :title="c.key" :series="c.series"
                          :smoothing="settings.smoothing" :log-scale="settings.logScale" :x-axis="settings.xAxis"></metric-chart>
          </div>
        </section>
      </template>
    </section>`,
};
