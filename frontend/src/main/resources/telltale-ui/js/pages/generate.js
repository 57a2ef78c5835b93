// Use a trained model: pick a finished run and checkpoint, type a caption, choose a seed or let it
// be random (and for StackGAN how much of the condition's noise to keep), and see Stage-I and
// Stage-II images (or a GIF) with the words the model does not know.

import { api } from '../api.js';
import { GENERATOR_CHECKPOINT, dateTime } from '../format.js';
import { replaceQuery, route } from '../router.js';
import { ErrorBox } from '../widgets/error-box.js';

const STAGE_NAMES = { stage1: 'Stage-I', stage2: 'Stage-II', video: 'Video' };
const GENERATIVE = ['stackgan-stage1', 'stackgan-stage2', 'tganc-a', 'tganc-c'];

export const GeneratePage = {
  name: 'GeneratePage',
  components: { ErrorBox },
  data() {
    return {
      runs: [],
      runsLoaded: false,
      runId: route.query.run ? Number(route.query.run) : null,
      checkpoints: [],
      checkpointId: '',
      caption: route.query.caption || '',
      seedMode: route.query.seed ? 'fixed' : 'random',
      seed: route.query.seed ? Number(route.query.seed) : 1,
      conditionNoise: route.query.noise !== undefined ? Number(route.query.noise) : 1,
      result: null,
      history: [],
      busy: false,
      error: null,
      fieldErrors: {},
      loadError: null,
    };
  },
  computed: {
    run() { return this.runs.find((r) => r.id === this.runId) || null; },
    // only StackGAN conditions through Conditioning Augmentation, whose noise can be scaled
    hasConditionNoise() { return !!this.run && this.run.model.startsWith('stackgan'); },
  },
  watch: {
    runId() { this.loadCheckpoints(); },
  },
  async mounted() {
    try {
      const page = await api.listRuns({ status: 'FINISHED', sort: '-created', limit: 200 });
      this.runs = page.runs.filter((r) => GENERATIVE.includes(r.model));
      this.runsLoaded = true;
      if (this.runId && !this.runs.some((r) => r.id === this.runId)) {
        // a deep link to a run that is not among the newest finished ones
        try {
          const r = await api.getRun(this.runId);
          if (r.status === 'FINISHED') this.runs.unshift(r);
          else this.fieldErrors = { runId: `run ${r.id} is ${r.status.toLowerCase()}: only a finished run can generate` };
        } catch (e) {
          this.fieldErrors = { runId: e.message };
        }
      }
      if (!this.runId && this.runs.length) this.runId = this.runs[0].id;
      else if (this.runId) this.loadCheckpoints();
    } catch (e) {
      this.loadError = e;
    }
  },
  methods: {
    async loadCheckpoints() {
      this.checkpoints = [];
      this.checkpointId = '';
      if (!this.runId) return;
      const runId = this.runId;
      try {
        const list = (await api.checkpoints(runId)).checkpoints;
        // a late answer for the run picked before must not replace this run's list
        if (runId === this.runId) this.checkpoints = list.filter((c) => GENERATOR_CHECKPOINT.test(c.path));
      } catch (e) {
        if (runId === this.runId) this.checkpoints = [];
      }
    },
    async generate() {
      this.fieldErrors = {};
      this.error = null;
      if (!this.runId) { this.fieldErrors = { runId: 'pick a finished run' }; return; }
      if (!this.caption.trim()) { this.fieldErrors = { caption: 'type a caption' }; this.focus('gen-caption'); return; }
      if (this.seedMode === 'fixed' && !(Number.isInteger(this.seed) && this.seed >= 0)) {
        this.fieldErrors = { seed: 'a seed is a whole number ≥ 0' };
        this.focus('gen-seed');
        return;
      }
      if (this.hasConditionNoise && !(typeof this.conditionNoise === 'number' && this.conditionNoise >= 0 && this.conditionNoise <= 1)) {
        this.fieldErrors = { conditionNoise: 'a number from 0 (the mean) to 1 (as trained)' };
        this.focus('gen-noise');
        return;
      }
      const body = { runId: this.runId, caption: this.caption.trim() };
      if (this.checkpointId) body.checkpointId = Number(this.checkpointId);
      if (this.seedMode === 'fixed') body.seed = this.seed;
      if (this.hasConditionNoise) body.conditionNoise = this.conditionNoise;
      this.busy = true;
      try {
        this.result = await api.generate(body);
        this.history.unshift(this.result);
        this.history = this.history.slice(0, 8);
        replaceQuery({ run: this.runId, caption: body.caption, seed: this.seedMode === 'fixed' ? this.seed : undefined,
          noise: body.conditionNoise !== undefined && body.conditionNoise !== 1 ? body.conditionNoise : undefined });
      } catch (e) {
        if (e.status === 404 && /no such endpoint/.test(e.message)) {
          this.error = new Error('This server cannot generate yet (no POST /api/generate).');
        } else if (['caption', 'checkpointId', 'runId', 'seed', 'conditionNoise'].includes(e.field)) {
          this.fieldErrors = { [e.field]: e.message };
          this.focus({ caption: 'gen-caption', checkpointId: 'gen-checkpoint', runId: 'gen-run', seed: 'gen-seed', conditionNoise: 'gen-noise' }[e.field]);
        } else if (e.status === 404) {
          this.fieldErrors = { runId: e.message };
        } else {
          this.error = e;
        }
      } finally {
        this.busy = false;
      }
    },
    again() {
      this.seedMode = 'random';
      this.generate();
    },
    useSeed(r) {
      this.seedMode = 'fixed';
      this.seed = r.seed;
    },
    focus(id) { this.$nextTick(() => { const el = document.getElementById(id); if (el) el.focus(); }); },
    stageName: (s) => STAGE_NAMES[s] || s,
    dateTime,
  },
  template: `
    <section class="page generate-page">
      <div class="page-head"><h2 tabindex="-1" class="page-title">Generate from a caption</h2></div>
      <error-box :error="loadError"></error-box>
      <div v-if="runsLoaded && runs.length === 0" class="empty" data-test="generate-empty">
        <p>No finished StackGAN or TGANs-C run yet. <a href="#/launch?model=stackgan-stage1&dataset=shapes&preset=tiny">Launch a tiny Stage-I</a>
          (seconds), wait for it to finish, and come back: then type a caption such as “a red circle”.</p>
      </div>
      <form v-else-if="runsLoaded" class="form generate" @submit.prevent="generate" novalidate>
        <div class="row">
          <div class="field">
            <label for="gen-run">Run</label>
            <select id="gen-run" v-model.number="runId" :aria-invalid="!!fieldErrors.runId" aria-describedby="err-run" data-test="gen-run">
              <option v-for="r in runs" :key="r.id" :value="r.id">#{{ r.id }} {{ r.name }} ({{ r.model }}, {{ r.dataset }})</option>
            </select>
            <p id="err-run" class="field-error" v-if="fieldErrors.runId">{{ fieldErrors.runId }}</p>
          </div>
          <div class="field">
            <label for="gen-checkpoint">Checkpoint</label>
            <select id="gen-checkpoint" v-model="checkpointId" :aria-invalid="!!fieldErrors.checkpointId" aria-describedby="err-checkpoint">
              <option value="">newest</option>
              <option v-for="c in checkpoints" :key="c.id" :value="c.id">step {{ c.step }} ({{ dateTime(c.createdAt) }})</option>
            </select>
            <p id="err-checkpoint" class="field-error" v-if="fieldErrors.checkpointId">{{ fieldErrors.checkpointId }}</p>
          </div>
        </div>
        <div class="field">
          <label for="gen-caption">Caption</label>
          <textarea id="gen-caption" v-model="caption" rows="2" maxlength="500" placeholder="e.g. a small red circle at the top left"
                    :aria-invalid="!!fieldErrors.caption" aria-describedby="err-caption help-caption" data-test="caption"
                    @keydown.enter.exact.prevent="generate"></textarea>
          <p id="help-caption" class="help">Words the model never saw in training are ignored and pointed out below. Enter generates.</p>
          <p id="err-caption" class="field-error" v-if="fieldErrors.caption" data-test="caption-error">{{ fieldErrors.caption }}</p>
        </div>
        <fieldset class="seed">
          <legend>Noise</legend>
          <label><input type="radio" value="random" v-model="seedMode"> random</label>
          <label><input type="radio" value="fixed" v-model="seedMode"> seed</label>
          <label for="gen-seed" class="sr-only">seed</label>
          <input id="gen-seed" type="number" min="0" v-model.number="seed" :disabled="seedMode !== 'fixed'" size="8"
                 :aria-invalid="!!fieldErrors.seed" aria-describedby="err-seed">
          <p id="err-seed" class="field-error" v-if="fieldErrors.seed">{{ fieldErrors.seed }}</p>
        </fieldset>
        <div class="field" v-if="hasConditionNoise">
          <label for="gen-noise">Condition noise</label>
          <input id="gen-noise" type="number" min="0" max="1" step="0.1" v-model.number="conditionNoise" size="5" data-test="gen-noise"
                 :aria-invalid="!!fieldErrors.conditionNoise" aria-describedby="err-noise help-noise">
          <p id="help-noise" class="help">How much of the Conditioning Augmentation's noise to keep: 1 samples as the paper
            and as training did; 0 draws from its mean, truer to the caption (mostly its colour) and less varied.</p>
          <p id="err-noise" class="field-error" v-if="fieldErrors.conditionNoise">{{ fieldErrors.conditionNoise }}</p>
        </div>
        <div class="submit">
          <button type="submit" class="primary" :disabled="busy" data-test="generate">{{ busy ? 'Generating…' : 'Generate' }}</button>
          <button v-if="result" type="button" :disabled="busy" @click="again">Another (random noise)</button>
        </div>
      </form>
      <error-box :error="error"></error-box>

      <section v-if="result" class="result" aria-live="polite" aria-labelledby="result-h" data-test="result">
        <h3 id="result-h">“{{ result.caption }}” <small>seed {{ result.seed }}, checkpoint {{ result.checkpointId }}<template
          v-if="result.conditionNoise !== undefined && result.conditionNoise !== 1">, condition noise {{ result.conditionNoise }}</template></small></h3>
        <p v-if="result.unknownWords && result.unknownWords.length" class="unknown" data-test="unknown-words">
          Not in the model's vocabulary (ignored):
          <mark v-for="w in result.unknownWords" :key="w">{{ w }}</mark>
        </p>
        <p v-if="result.knownWords" class="help">Understood: {{ result.knownWords.join(' ') }}</p>
        <div class="stages">
          <figure v-for="img in result.images" :key="img.url" :data-stage="img.stage">
            <img :src="img.url" :width="Math.max(img.width, 128)" :alt="stageName(img.stage) + ' image for: ' + result.caption"
                 style="image-rendering: pixelated">
            <figcaption>{{ stageName(img.stage) }} · {{ img.width }}×{{ img.height }} <a :href="img.url" download>download</a></figcaption>
          </figure>
        </div>
        <button type="button" class="link" @click="useSeed(result)">Keep this noise (seed {{ result.seed }})</button>
      </section>

      <section v-if="history.length > 1" aria-labelledby="history-h" class="history">
        <h3 id="history-h">Earlier</h3>
        <div class="stages">
          <figure v-for="(h, i) in history.slice(1)" :key="i">
            <img v-for="img in h.images.slice(-1)" :key="img.url" :src="img.url" width="96" :alt="h.caption">
            <figcaption>“{{ h.caption }}” seed {{ h.seed }}</figcaption>
          </figure>
        </div>
      </section>
    </section>`,
};
