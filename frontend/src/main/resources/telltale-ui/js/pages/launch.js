// The launch form, drawn from the experiment catalog: model -> dataset -> preset -> parameters with
// their defaults, bounds and help. Checks what the server checks before sending, and shows the
// server's field errors next to their fields. A parameter given as "1, 2, 4" is swept.

import { api } from '../api.js';
import { navigate, route } from '../router.js';
import { ErrorBox } from '../widgets/error-box.js';

const TAG = /^[A-Za-z0-9_.:/+-]+$/;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
export const MAX_SWEEP = 64;

function fmtBound(d) {
  return String(d);
}

/**
 * One value of a parameter as the server's ParameterSpec.convert takes it, or an error message
 * worded as the server words it.
 */
export function convert(spec, raw) {
  let v;
  if (spec.type === 'int' || spec.type === 'float') {
    const text = String(raw).trim();
    const n = text === '' ? NaN : Number(text);
    if (!Number.isFinite(n)) return { error: `must be ${spec.type === 'int' ? 'a whole number' : 'a number'}, got '${raw}'` };
    if (spec.type === 'int' && (!Number.isInteger(n) || n < INT_MIN || n > INT_MAX)) {
      return { error: `must be a whole number in the int range, got ${raw}` };
    }
    v = n;
    if (spec.min !== undefined && spec.min !== null && v < spec.min) return { error: `must be >= ${fmtBound(spec.min)}, got ${raw}` };
    if (spec.max !== undefined && spec.max !== null && v > spec.max) return { error: `must be <= ${fmtBound(spec.max)}, got ${raw}` };
    if (spec.multipleOf && v % spec.multipleOf !== 0) return { error: `must be a multiple of ${spec.multipleOf}, got ${raw}` };
    return { value: v };
  }
  if (spec.type === 'bool') return { value: raw === true || raw === 'true' };
  if (spec.type === 'choice') {
    if (!(spec.choices || []).includes(String(raw).trim())) return { error: `must be one of ${spec.choices.join(', ')}, got '${raw}'` };
    return { value: String(raw).trim() };
  }
  v = String(raw ?? '').trim();
  if (spec.required && !v) return { error: 'is required' };
  return { value: v };
}

/** Numbers may be swept: "1, 2, 4" is three values. */
export function values(spec, raw) {
  if ((spec.type === 'int' || spec.type === 'float') && String(raw).includes(',')) {
    return String(raw).split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  return [raw];
}

/** A checkpoint path in a stored spec, as the run reference the server takes in a launch. */
function runRef(path) {
  const m = String(path || '').match(/runs[/\\](\d+)[/\\]/);
  return m ? `run:${m[1]}` : '';
}

/**
 * The checkpoint a stored spec names by file, as artifact:<id>, so a clone starts from that very
 * checkpoint and not from its run's newest; run:<id> when the file is no longer listed.
 */
async function checkpointRef(path) {
  const m = String(path || '').match(/runs[/\\](\d+)[/\\](.+)$/);
  if (!m) return '';
  const relative = m[2].replace(/\\/g, '/');
  try {
    const found = (await api.checkpoints(Number(m[1]))).checkpoints.find((c) => c.path === relative);
    if (found) return `artifact:${found.id}`;
  } catch (e) {
    // the run may be gone: the server names what is wrong on launch
  }
  return `run:${m[1]}`;
}

export const LaunchPage = {
  name: 'LaunchPage',
  components: { ErrorBox },
  data() {
    return {
      catalog: null,
      loadError: null,
      model: '', dataset: '', preset: '',
      name: '', tags: '', notes: '', device: 'cpu', priority: 0, evaluate: true,
      overrides: {},
      touched: {},
      serverErrors: {},
      formError: null,
      submitting: false,
      stageOneRuns: [],
      deviceKinds: ['cpu'],
      notice: '',
      tried: false,
    };
  },
  computed: {
    models() { return this.catalog ? this.catalog.models : []; },
    modelSpec() { return this.models.find((m) => m.id === this.model) || null; },
    datasets() {
      if (!this.modelSpec) return [];
      return this.catalog.datasets.filter((d) => this.modelSpec.datasets.includes(d.id));
    },
    datasetSpec() { return this.datasets.find((d) => d.id === this.dataset) || null; },
    presets() { return this.modelSpec ? (this.catalog.presets[this.model] || []) : []; },
    presetSpec() { return this.presets.find((p) => p.id === this.preset) || null; },
    parameters() { return this.modelSpec ? this.modelSpec.parameters : []; },
    /** What each field holds: the user's text, else the preset's value, else the default. */
    shown() {
      const out = {};
      const pv = this.presetSpec ? this.presetSpec.parameters : {};
      for (const p of this.parameters) {
        if (this.overrides[p.name] !== undefined) out[p.name] = this.overrides[p.name];
        else if (pv[p.name] !== undefined) out[p.name] = pv[p.name];
        else out[p.name] = p.default ?? '';
      }
      return out;
    },
    /** Client-side errors by field, the same checks the server makes. */
    errors() {
      const e = {};
      if (!this.name.trim()) e.name = 'a run needs a name';
      else if (this.name.length > 200) e.name = 'at most 200 characters';
      if (!this.model) e.model = 'pick a model';
      if (this.modelSpec && !this.dataset) e.dataset = 'pick a dataset';
      const tags = this.tagList;
      const bad = tags.find((t) => !TAG.test(t) || t.length > 64);
      if (bad) e.tags = `tag '${bad}': letters, digits and _ . : / + - only, at most 64 characters`;
      else if (tags.length > 50) e.tags = 'at most 50 tags';
      for (const p of this.parameters) {
        const vs = values(p, this.shown[p.name]);
        if (vs.length > 16) { e[p.name] = 'a sweep takes at most 16 values of a parameter'; continue; }
        for (const v of vs) {
          const c = convert(p, v);
          if (c.error) { e[p.name] = c.error; break; }
        }
      }
      const pr = Number(this.priority);
      if (this.priority !== '' && (!Number.isInteger(pr) || pr < -100 || pr > 100)) e.priority = 'a whole number from -100 to 100';
      if (this.sweepCount > MAX_SWEEP) e.grid = `a sweep may create at most ${MAX_SWEEP} runs, this one ${this.sweepCount}`;
      if (Object.keys(this.grid).length > 6) e.grid = 'a sweep may vary at most 6 parameters';
      return e;
    },
    grid() {
      const g = {};
      for (const p of this.parameters) {
        const vs = values(p, this.shown[p.name]);
        if (vs.length > 1) g[p.name] = vs.map((v) => convert(p, v).value);
      }
      return g;
    },
    sweepCount() { return Object.values(this.grid).reduce((n, vs) => n * vs.length, 1); },
    tagList() { return this.tags.split(/[\s,]+/).filter(Boolean); },
    isStageTwo() { return this.parameters.some((p) => p.name === 'stage1'); },
  },
  watch: {
    model(m, old) {
      if (!this.modelSpec) return;
      if (!this.modelSpec.datasets.includes(this.dataset)) this.dataset = this.modelSpec.datasets[0] || '';
      if (!this.modelSpec.presets.includes(this.preset)) this.preset = this.modelSpec.presets.includes('cpu') ? 'cpu' : this.modelSpec.presets[0] || '';
      if (old) {
        // parameters of another model mean nothing here
        const names = new Set(this.parameters.map((p) => p.name));
        this.overrides = Object.fromEntries(Object.entries(this.overrides).filter(([k]) => names.has(k)));
      }
      if (this.isStageTwo) this.loadStageOneRuns();
    },
  },
  async mounted() {
    try {
      this.catalog = await api.catalog();
    } catch (e) {
      this.loadError = e;
      return;
    }
    api.scheduler().then((s) => {
      const kinds = [...new Set(s.slots.map((x) => x.kind))];
      if (kinds.length) this.deviceKinds = kinds;
    }).catch(() => { /* cpu is always there */ });
    await this.prefill(route.query);
    this.$nextTick(() => { const f = document.getElementById('launch-name'); if (f) f.focus(); });
  },
  methods: {
    async prefill(q) {
      const source = q.clone || q.from;
      if (source) {
        try {
          const run = await api.getRun(source);
          this.model = run.model;
          await this.$nextTick();
          this.dataset = run.dataset || this.dataset;
          this.preset = run.preset || this.preset;
          await this.$nextTick();
          const shown = this.shown;
          const o = {};
          for (const p of this.parameters) {
            let v = (run.params || {})[p.name];
            if (v === undefined) continue;
            const ref = String(v).startsWith('run:') || String(v).startsWith('artifact:');
            if (p.name === 'stage1' && v && !ref) v = runRef(v);
            if (p.name === 'initFrom' && v && !ref) v = await checkpointRef(v);
            if (String(v) !== String(shown[p.name])) o[p.name] = v;
          }
          this.overrides = o;
          this.tags = (run.tags || []).filter((t) => !t.startsWith('sweep:')).join(' ');
          this.device = run.deviceKind || 'cpu';
          this.priority = run.priority || 0;
          if (q.clone && typeof run.evaluate === 'boolean') this.evaluate = run.evaluate;
          this.name = q.clone ? `${run.name} (clone)` : `${run.name} fine-tuned`;
          this.notice = q.clone ? `Pre-filled from run ${run.id}: same parameters and seed.` : `Fine-tuning from run ${run.id}'s checkpoint.`;
        } catch (e) {
          this.formError = e;
        }
      }
      if (q.model) this.model = q.model;
      if (!this.model) this.model = this.models.some((m) => m.id === 'stackgan-stage1') ? 'stackgan-stage1' : (this.models[0] || {}).id;
      await this.$nextTick();
      if (q.dataset) this.dataset = q.dataset;
      if (q.preset) this.preset = q.preset;
      if (q.initFrom) this.overrides = { ...this.overrides, initFrom: q.initFrom };
      if (q.stage1) this.overrides = { ...this.overrides, stage1: q.stage1 };
      if (!this.name) this.name = `${this.model} on ${this.dataset}`;
    },
    async loadStageOneRuns() {
      try {
        this.stageOneRuns = (await api.listRuns({ model: 'stackgan-stage1', status: 'FINISHED', limit: 200 })).runs;
      } catch (e) {
        this.stageOneRuns = [];
      }
    },
    set(name, v) {
      this.overrides = { ...this.overrides, [name]: v };
      this.touched = { ...this.touched, [name]: true };
      if (this.serverErrors[name]) {
        const { [name]: gone, ...rest } = this.serverErrors;
        this.serverErrors = rest;
      }
    },
    reset(name) {
      const { [name]: gone, ...rest } = this.overrides;
      this.overrides = rest;
    },
    error(name) {
      return this.serverErrors[name] || ((this.touched[name] || this.tried) ? this.errors[name] : null);
    },
    body() {
      const params = {};
      for (const p of this.parameters) {
        if (this.overrides[p.name] === undefined || this.grid[p.name]) continue;
        params[p.name] = convert(p, this.overrides[p.name]).value;
      }
      const b = { name: this.name.trim(), model: this.model, dataset: this.dataset, preset: this.preset, params,
        tags: [...new Set(this.tagList)], device: this.device, priority: Number(this.priority) || 0, evaluate: this.evaluate };
      if (this.notes) b.notes = this.notes;
      if (Object.keys(this.grid).length) b.grid = this.grid;
      return b;
    },
    async submit() {
      this.tried = true;
      this.formError = null;
      this.serverErrors = {};
      if (Object.keys(this.errors).length) {
        this.focusFirstError();
        return;
      }
      this.submitting = true;
      try {
        const out = await api.launch(this.body());
        if (out.group) navigate('/runs', { tag: out.group });
        else navigate('/runs/' + out.id);
      } catch (e) {
        const se = {};
        const list = e.errors && e.errors.length ? e.errors : (e.field ? [{ field: e.field, message: e.message }] : []);
        for (const fe of list) {
          const f = String(fe.field || '').replace(/^parameters\./, '').replace(/^params\./, '');
          se[f] = fe.message;
        }
        this.serverErrors = se;
        const shownSomewhere = Object.keys(se).some((f) => this.isField(f));
        if (!shownSomewhere) this.formError = e;
        this.focusFirstError();
      } finally {
        this.submitting = false;
      }
    },
    isField(f) {
      return ['name', 'model', 'dataset', 'preset', 'tags', 'device', 'grid', 'priority'].includes(f) || this.parameters.some((p) => p.name === f);
    },
    focusFirstError() {
      this.$nextTick(() => {
        const el = this.$el.querySelector('[aria-invalid="true"]');
        if (el) el.focus();
      });
    },
    placeholder(p) {
      const parts = [];
      if (p.min !== undefined && p.min !== null) parts.push(`≥ ${p.min}`);
      if (p.max !== undefined && p.max !== null) parts.push(`≤ ${p.max}`);
      if (p.multipleOf) parts.push(`× ${p.multipleOf}`);
      return parts.join(', ');
    },
  },
  template: `
    <section class="page launch-page">
      <div class="page-head"><h2 tabindex="-1" class="page-title">Launch a run</h2></div>
      <error-box :error="loadError"></error-box>
      <p v-if="notice" class="notice" role="status">{{ notice }}</p>
      <form v-if="catalog" class="form launch" @submit.prevent="submit" novalidate data-test="launch-form">
        <fieldset>
          <legend>What to train</legend>
          <div class="field">
            <label for="launch-name">Name</label>
            <input id="launch-name" v-model="name" maxlength="200" required @blur="touched.name = true"
                   :aria-invalid="!!error('name')" aria-describedby="err-name" data-test="name">
            <p id="err-name" class="field-error" v-if="error('name')">{{ error('name') }}</p>
          </div>
          <div class="field">
            <label for="launch-model">Model</label>
            <select id="launch-model" v-model="model" :aria-invalid="!!error('model')" aria-describedby="help-model err-model" data-test="model">
              <option v-for="m in models" :key="m.id" :value="m.id">{{ m.title }} ({{ m.id }})</option>
            </select>
            <p id="help-model" class="help" v-if="modelSpec">{{ modelSpec.help }}</p>
            <p id="err-model" class="field-error" v-if="error('model')">{{ error('model') }}</p>
          </div>
          <div class="field">
            <label for="launch-dataset">Dataset</label>
            <select id="launch-dataset" v-model="dataset" :aria-invalid="!!error('dataset')" aria-describedby="help-dataset err-dataset" data-test="dataset">
              <option v-for="d in datasets" :key="d.id" :value="d.id">{{ d.title }}{{ d.builtIn ? '' : ' (import)' }}</option>
            </select>
            <p id="help-dataset" class="help" v-if="datasetSpec">{{ datasetSpec.help }}<template v-if="!datasetSpec.builtIn"> Set <code>dataPath</code> below to its folder.</template></p>
            <p id="err-dataset" class="field-error" v-if="error('dataset')">{{ error('dataset') }}</p>
          </div>
          <div class="field">
            <label for="launch-preset">Preset</label>
            <select id="launch-preset" v-model="preset" aria-describedby="help-preset err-preset" data-test="preset">
              <option v-for="p in presets" :key="p.id" :value="p.id">{{ p.id }}</option>
            </select>
            <p id="help-preset" class="help" v-if="presetSpec">{{ presetSpec.help }}</p>
            <p id="err-preset" class="field-error" v-if="error('preset')">{{ error('preset') }}</p>
          </div>
        </fieldset>

        <fieldset>
          <legend>Parameters <small>(preset values and defaults shown; give numbers as “1, 2, 4” to sweep)</small></legend>
          <div class="param-grid">
            <div v-for="p in parameters" :key="p.name" class="field" :class="{changed: overrides[p.name] !== undefined, sweep: grid[p.name]}" :data-param="p.name">
              <label :for="'param-' + p.name">{{ p.name }}<span v-if="p.required" aria-hidden="true"> *</span>
                <button v-if="overrides[p.name] !== undefined" type="button" class="link small" @click="reset(p.name)"
                        :aria-label="'reset ' + p.name + ' to the preset value'">reset</button>
              </label>
              <select v-if="p.name === 'stage1'" :id="'param-' + p.name" :value="shown[p.name]" @change="set(p.name, $event.target.value)"
                      :aria-invalid="!!error(p.name)" :aria-describedby="'help-' + p.name + ' err-' + p.name" required>
                <option value="">— pick a finished Stage-I run —</option>
                <option v-for="r in stageOneRuns" :key="r.id" :value="'run:' + r.id">#{{ r.id }} {{ r.name }} ({{ r.dataset }}, {{ r.preset }})</option>
                <option v-if="shown[p.name] && !stageOneRuns.some(r => 'run:' + r.id === shown[p.name])" :value="shown[p.name]">{{ shown[p.name] }}</option>
              </select>
              <input v-else-if="p.type === 'bool'" :id="'param-' + p.name" type="checkbox" :checked="shown[p.name] === true || shown[p.name] === 'true'"
                     @change="set(p.name, $event.target.checked)" :aria-describedby="'help-' + p.name">
              <select v-else-if="p.type === 'choice'" :id="'param-' + p.name" :value="shown[p.name]" @change="set(p.name, $event.target.value)"
                      :aria-invalid="!!error(p.name)" :aria-describedby="'help-' + p.name + ' err-' + p.name">
                <option v-for="c in p.choices" :key="c" :value="c">{{ c }}</option>
              </select>
              <input v-else :id="'param-' + p.name" type="text" :inputmode="p.type === 'int' ? 'numeric' : (p.type === 'float' ? 'decimal' : 'text')"
                     :value="shown[p.name]" @input="set(p.name, $event.target.value)" :placeholder="placeholder(p)"
                     :aria-invalid="!!error(p.name)" :aria-describedby="'help-' + p.name + ' err-' + p.name" autocomplete="off" spellcheck="false">
              <p :id="'help-' + p.name" class="help">{{ p.help }}<template v-if="placeholder(p)"> ({{ placeholder(p) }}; default {{ p.default }})</template></p>
              <p v-if="p.name === 'stage1' && stageOneRuns.length === 0" class="help">No finished Stage-I run yet: <a href="#/launch?model=stackgan-stage1">launch one first</a>.</p>
              <p :id="'err-' + p.name" class="field-error" v-if="error(p.name)" :data-error-for="p.name">{{ error(p.name) }}</p>
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>How to run it</legend>
          <div class="row">
            <div class="field">
              <label for="launch-device">Device</label>
              <select id="launch-device" v-model="device" :aria-invalid="!!error('device')" aria-describedby="err-device">
                <option v-for="k in deviceKinds" :key="k" :value="k">{{ k }}</option>
              </select>
              <p id="err-device" class="field-error" v-if="error('device')">{{ error('device') }}</p>
            </div>
            <div class="field">
              <label for="launch-priority">Priority</label>
              <input id="launch-priority" type="number" min="-100" max="100" step="1" v-model.number="priority"
                     :aria-invalid="!!error('priority')" aria-describedby="help-priority err-priority" @blur="touched.priority = true">
              <p id="help-priority" class="help">Higher starts first; first come, first served within a priority.</p>
              <p id="err-priority" class="field-error" v-if="error('priority')" data-error-for="priority">{{ error('priority') }}</p>
            </div>
            <div class="field">
              <label><input type="checkbox" v-model="evaluate" data-test="evaluate"> judge samples while training</label>
              <p class="help">Inception score, FID and caption accuracy at every <code>evalEvery</code> steps.</p>
            </div>
          </div>
          <div class="field">
            <label for="launch-tags">Tags</label>
            <input id="launch-tags" v-model="tags" placeholder="baseline cpu" :aria-invalid="!!error('tags')" aria-describedby="err-tags" @blur="touched.tags = true">
            <p id="err-tags" class="field-error" v-if="error('tags')">{{ error('tags') }}</p>
          </div>
          <div class="field">
            <label for="launch-notes">Notes</label>
            <textarea id="launch-notes" v-model="notes" rows="2"></textarea>
          </div>
        </fieldset>

        <p v-if="sweepCount > 1" class="sweep-info" role="status" data-test="sweep-info">
          This is a sweep: {{ sweepCount }} runs, one for each combination of
          <span v-for="(vs, k) in grid" :key="k"><code>{{ k }}</code> ∈ {{ '{' + vs.join(', ') + '}' }} </span>, tagged together.
        </p>
        <p v-if="error('grid')" class="field-error" role="alert">{{ error('grid') }}</p>
        <error-box :error="formError"></error-box>
        <p v-if="tried && Object.keys(errors).length" class="field-error" role="alert" data-test="form-invalid">
          {{ Object.keys(errors).length }} field(s) need a look: {{ Object.keys(errors).join(', ') }}.
        </p>
        <div class="submit">
          <button type="submit" class="primary" :disabled="submitting" data-test="launch">{{ sweepCount > 1 ? 'Launch ' + sweepCount + ' runs' : 'Launch' }}</button>
          <a href="#/runs">Cancel</a>
        </div>
      </form>
    </section>`,
};
