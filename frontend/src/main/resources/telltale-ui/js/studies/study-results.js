// One study's results, side by side with what the metrics said: the paper's average human rank with
// its bootstrap 95 % interval, Bradley–Terry strength, IS / FID / caption accuracy of each run, then
// per caption, the win rates, and how far the raters agree (Kendall's W, each rater against the rest,
// the real-image control, their consistency on repeated tasks). CSV and JSON for one's own analysis.

import { studiesApi } from '../api.js';

function fixed(v, digits = 2) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(digits);
}

function pct(v) {
  return v === null || v === undefined ? '—' : `${Math.round(100 * v)} %`;
}

export const StudyResults = {
  name: 'StudyResults',
  props: { id: { type: Number, required: true } },
  emits: ['back'],
  template: `
  <section>
    <p><a href="#/" @click.prevent="$emit('back')">← all studies</a></p>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <template v-if="study && results">
      <h2>{{ study.name }} <small class="meta">#{{ study.id }} · {{ study.status }} · {{ results.judgements }} rankings by {{ study.raters }} raters of {{ study.tasks }} tasks</small></h2>
      <div class="actions">
        <a class="button" :href="csvUrl" data-test="csv">CSV</a>
        <a class="button" :href="jsonUrl" data-test="json">JSON</a>
        <button @click="newLink">New share link</button>
        <button v-if="study.status === 'OPEN'" class="danger" @click="close">Close the study</button>
        <button @click="load">Refresh</button>
      </div>
      <div v-if="share" class="share"><p>New link (the old one no longer works):</p>
        <input readonly :value="share" @focus="$event.target.select()"></div>

      <table data-test="study-results">
        <caption>Runs by average human rank (1 = best), 95 % bootstrap interval over captions and raters</caption>
        <thead><tr><th>Place</th><th>Run</th><th class="num">Step</th><th class="num">Average rank</th><th class="num">Bradley–Terry</th>
          <th class="num">Inception score</th><th class="num">FID</th><th class="num">Caption accuracy</th></tr></thead>
        <tbody>
          <tr v-for="a in ranked" :key="a.armId" :data-arm-id="a.armId">
            <td>{{ a.place || '—' }}</td>
            <td>{{ a.real ? 'real images (control)' : a.label }}<span v-if="a.runId" class="meta"> · run #{{ a.runId }}</span></td>
            <td class="num">{{ a.step ?? '—' }}</td>
            <td class="num">{{ fixed(a.averageRank && a.averageRank.estimate) }}
              <span v-if="a.averageRank && a.averageRank.low !== null" class="ci">[{{ fixed(a.averageRank.low) }}, {{ fixed(a.averageRank.high) }}]</span></td>
            <td class="num">{{ fixed(a.bradleyTerry && a.bradleyTerry.estimate, 3) }}
              <span v-if="a.bradleyTerry && a.bradleyTerry.low !== null" class="ci">[{{ fixed(a.bradleyTerry.low, 3) }}, {{ fixed(a.bradleyTerry.high, 3) }}]</span></td>
            <td class="num">{{ metric(a, 'inception_score') }}</td>
            <td class="num">{{ metric(a, 'fid') }}</td>
            <td class="num">{{ metric(a, 'caption_accuracy') }}</td>
          </tr>
        </tbody>
      </table>

      <template v-if="results.judgements">
        <table data-test="win-rates">
          <caption>Win rate: how often the row's picture was preferred to the column's (ties count half)</caption>
          <thead><tr><th></th><th v-for="a in results.arms" :key="a.armId" class="num">{{ a.label }}</th></tr></thead>
          <tbody><tr v-for="(a, i) in results.arms" :key="a.armId"><th>{{ a.label }}</th>
            <td v-for="(v, j) in results.winRates[i]" :key="j" class="num">{{ i === j ? '' : pct(v) }}</td></tr></tbody>
        </table>

        <table data-test="per-caption">
          <caption>Average rank per caption</caption>
          <thead><tr><th>Caption</th><th class="num">Rankings</th><th v-for="a in results.arms" :key="a.armId" class="num">{{ a.label }}</th><th class="num">Kendall's W</th></tr></thead>
          <tbody><tr v-for="c in results.captions" :key="c.captionIndex"><td>{{ c.caption }}</td><td class="num">{{ c.judgements }}</td>
            <td v-for="(v, i) in c.averageRank" :key="i" class="num">{{ fixed(v.estimate) }} <span v-if="v.low !== null" class="ci">[{{ fixed(v.low) }}, {{ fixed(v.high) }}]</span></td>
            <td v-if="!c.averageRank.length" :colspan="results.arms.length" class="meta">not ranked yet</td>
            <td class="num">{{ fixed(c.kendallW) }}</td></tr></tbody>
        </table>

        <p>Agreement among raters: Kendall's W {{ fixed(results.kendallW.mean) }} (mean over {{ results.kendallW.tasks }} tasks ranked by two or more)<template
          v-if="results.control.accuracy !== null">; the real images came first in {{ pct(results.control.accuracy) }} of rankings</template><template
          v-if="results.selfConsistency.pairs">; repeated tasks: Spearman ρ {{ fixed(results.selfConsistency.spearman) }}, identical {{ pct(results.selfConsistency.identical) }}</template>.</p>
        <table data-test="raters">
          <caption>Raters (ρ: Spearman against the others' mean ranking of the same task; a low one may be careless)</caption>
          <thead><tr><th>Rater</th><th class="num">Rankings</th><th class="num">Median time</th><th class="num">ρ with others</th>
            <th class="num">Real first</th><th class="num">Repeats: ρ</th><th class="num">identical</th></tr></thead>
          <tbody><tr v-for="r in results.raters" :key="r.rater"><td>{{ r.rater }}</td><td class="num">{{ r.judgements }}</td>
            <td class="num">{{ r.medianMs === null ? '—' : (r.medianMs / 1000).toFixed(1) + ' s' }}</td>
            <td class="num">{{ fixed(r.agreement) }}</td><td class="num">{{ pct(r.controlAccuracy) }}</td>
            <td class="num">{{ fixed(r.selfConsistency.spearman) }}</td><td class="num">{{ pct(r.selfConsistency.identical) }}</td></tr></tbody>
        </table>
      </template>
      <p v-else class="empty">No rankings yet.</p>
    </template>
  </section>`,
  data() {
    return { study: null, results: null, share: null, error: null };
  },
  computed: {
    ranked() {
      return [...this.results.arms].sort((x, y) => (x.place ?? 99) - (y.place ?? 99) || x.position - y.position);
    },
    csvUrl() {
      return studiesApi.resultsUrl(this.id, 'csv');
    },
    jsonUrl() {
      return studiesApi.resultsUrl(this.id, 'json');
    },
  },
  watch: {
    id() {
      this.load();
    },
  },
  mounted() {
    this.load();
  },
  methods: {
    fixed,
    pct,
    metric(arm, name) {
      const e = arm.evaluation && arm.evaluation[name];
      if (!e) return '—';
      return fixed(e.mean, name === 'caption_accuracy' ? 3 : 2) + (e.std !== null && e.std !== undefined ? ` ± ${fixed(e.std)}` : '');
    },
    async load() {
      try {
        [this.study, this.results] = await Promise.all([studiesApi.get(this.id), studiesApi.results(this.id)]);
        this.error = null;
      } catch (e) {
        this.error = e.status === 401 ? 'Not signed in: open the link with ?token=… that the server printed when it started.' : e.message;
      }
    },
    async close() {
      try {
        this.study = await studiesApi.close(this.id);
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
    async newLink() {
      try {
        this.share = location.origin + (await studiesApi.share(this.id)).sharePath;
      } catch (e) {
        this.error = e.message;
      }
    },
  },
};
