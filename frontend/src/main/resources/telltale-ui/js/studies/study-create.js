// A new ranking study: pick 2–8 finished runs (each at a checkpoint), the captions (held-out ones of
// their dataset, or typed), how many samples per caption, a real-image control and repeats. The
// server draws every sample with the same seeds for every run and answers with the share link.

import { studiesApi } from '../api.js';
import { GENERATOR_CHECKPOINT as GENERATOR } from '../format.js';

export const StudyCreate = {
  name: 'StudyCreate',
  emits: ['created', 'cancel'],
  template: `
  <section>
    <h2>New ranking study</h2>
    <form class="form-grid" @submit.prevent="submit" v-if="!created">
      <label for="study-name">Name</label>
      <div><input id="study-name" v-model="name" maxlength="200" required :aria-invalid="field === 'name'">
        <div class="meta">Raters see it: do not name the runs in it.</div></div>

      <span>Runs</span>
      <fieldset :aria-invalid="field && field.startsWith('runs')">
        <p v-if="!runs.length" class="meta">No finished runs yet.</p>
        <div v-for="r in runs" :key="r.id" class="run-pick">
          <label><input type="checkbox" :value="r.id" v-model="picked" :data-run-id="r.id"> #{{ r.id }} {{ r.name }}</label>
          <span class="meta">{{ r.model }} · {{ r.dataset || '—' }}</span>
          <select v-if="picked.includes(r.id)" v-model="checkpoint[r.id]" :aria-label="'checkpoint of run ' + r.id">
            <option value="">newest checkpoint</option>
            <option v-for="c in checkpoints[r.id] || []" :key="c.id" :value="c.id">step {{ c.step }}</option>
          </select>
        </div>
        <div class="meta">{{ picked.length }} picked (2 to 8, of one kind)</div>
      </fieldset>

      <span>Captions</span>
      <div>
        <label><input type="radio" value="heldOut" v-model="captionMode"> held-out captions of the runs' dataset:</label>
        <input type="number" min="1" max="200" v-model.number="heldOut" :disabled="captionMode !== 'heldOut'" style="width: 5rem">
        <br>
        <label><input type="radio" value="typed" v-model="captionMode"> typed, one per line:</label>
        <textarea v-model="typed" rows="4" cols="60" :disabled="captionMode !== 'typed'"></textarea>
      </div>

      <label for="study-samples">Samples per caption</label>
      <div><input id="study-samples" type="number" min="1" max="10" v-model.number="samplesPerCaption" style="width: 5rem">
        <span class="meta">each with its own noise seed, the same for every run</span></div>

      <span>Controls</span>
      <div>
        <label><input type="checkbox" v-model="includeReal" :disabled="captionMode !== 'heldOut'"> the real image as one more contestant (it should come first)</label><br>
        <label>repeat <input type="number" min="0" max="100" v-model.number="repeats" style="width: 5rem"> tasks to measure each rater's consistency</label>
      </div>

      <span></span>
      <div class="actions">
        <button class="primary" type="submit" :disabled="busy">{{ busy ? 'Generating the samples…' : 'Create study' }}</button>
        <button type="button" @click="$emit('cancel')">Cancel</button>
        <span v-if="error" class="field-error" role="alert">{{ field ? field + ': ' : '' }}{{ error }}</span>
      </div>
    </form>

    <div v-else class="share" data-test="created">
      <p><b>Study #{{ created.id }} is ready</b> with {{ created.tasks }} tasks. Send raters this link; it is shown only now
        (a new one can be made from the study's page, which retires this one):</p>
      <input readonly :value="shareUrl" @focus="$event.target.select()" data-test="share-url">
      <div class="actions"><button @click="$emit('created', created.id)">Open the study</button></div>
    </div>
  </section>`,
  data() {
    return {
      runs: [], picked: [], checkpoint: {}, checkpoints: {},
      name: '', captionMode: 'heldOut', heldOut: 10, typed: '', samplesPerCaption: 1, includeReal: false, repeats: 0,
      busy: false, error: null, field: null, created: null,
    };
  },
  computed: {
    shareUrl() {
      return this.created ? location.origin + this.created.sharePath : '';
    },
  },
  watch: {
    async picked(ids) {
      for (const id of ids) {
        if (this.checkpoints[id]) continue;
        try {
          const list = (await studiesApi.checkpoints(id)).checkpoints;
          this.checkpoints = { ...this.checkpoints, [id]: list.filter((c) => GENERATOR.test(c.path)) };
        } catch (e) {
          this.error = e.message;
        }
      }
    },
  },
  async mounted() {
    try {
      this.runs = (await studiesApi.finishedRuns()).runs;
    } catch (e) {
      this.error = e.message;
    }
  },
  methods: {
    async submit() {
      const body = {
        name: this.name,
        runs: this.picked.map((id) => (this.checkpoint[id] ? { runId: id, checkpointId: Number(this.checkpoint[id]) } : { runId: id })),
        captions: this.captionMode === 'heldOut' ? { heldOut: this.heldOut }
          : this.typed.split('\n').map((s) => s.trim()).filter((s) => s),
        samplesPerCaption: this.samplesPerCaption,
        includeReal: this.captionMode === 'heldOut' && this.includeReal,
        repeats: this.repeats,
      };
      this.busy = true;
      this.error = null;
      this.field = null;
      try {
        this.created = await studiesApi.create(body);
      } catch (e) {
        this.error = e.message;
        this.field = e.field || null;
      } finally {
        this.busy = false;
      }
    },
  },
};
