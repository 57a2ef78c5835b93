// The fixed evaluation captions as a grid image per step, a step slider to watch them evolve, and
// the image at full size on click. Video runs' samples are GIFs, which play by themselves.

import { api } from '../api.js';
import { ErrorBox } from './error-box.js';

export async function sampleArtifacts(runId) {
  const [images, videos] = await Promise.all([api.artifacts(runId, 'sample_image'), api.artifacts(runId, 'sample_video')]);
  return [...images.artifacts, ...videos.artifacts]
    .filter((a) => a.step !== null)
    .sort((a, b) => a.step - b.step || (a.captionIndex || 0) - (b.captionIndex || 0));
}

export const SampleViewer = {
  name: 'SampleViewer',
  components: { ErrorBox },
  props: { runId: { type: Number, required: true }, version: { type: Number, default: 0 } },
  data() {
    return { samples: [], index: 0, loading: true, error: null, zoomed: null, followLatest: true, scale: 1, natural: 0 };
  },
  computed: {
    steps() { return [...new Set(this.samples.map((a) => a.step))]; },
    step() { return this.steps[this.index]; },
    atStep() { return this.samples.filter((a) => a.step === this.step); },
  },
  watch: { version() { this.load(); } },
  mounted() { this.load(); },
  methods: {
    async load() {
      try {
        this.samples = await sampleArtifacts(this.runId);
        this.error = null;
        // new samples of a live run move the slider along unless the user moved it back
        if (this.followLatest || this.index >= this.steps.length) this.index = Math.max(0, this.steps.length - 1);
      } catch (e) {
        this.error = e;
      } finally {
        this.loading = false;
      }
    },
    moved() { this.followLatest = this.index === this.steps.length - 1; },
    open(a) {
      this.zoomed = a;
      this.$nextTick(() => this.$refs.dialog && this.$refs.dialog.showModal());
    },
    close() {
      if (this.$refs.dialog) this.$refs.dialog.close();
      this.zoomed = null;
    },
    url: (a) => api.artifactUrl(a.id),
  },
  template: `
    <section class="samples" aria-label="samples">
      <error-box :error="error" :retry="load"></error-box>
      <p v-if="!loading && !error && samples.length === 0" class="empty" data-test="no-samples">
        No samples yet. A run writes a grid of its fixed evaluation captions every <code>sampleEvery</code> steps
        and at its last step; they appear here as they come.
      </p>
      <div v-if="samples.length" class="sample-controls">
        <label for="sample-step">Step</label>
        <input id="sample-step" type="range" min="0" :max="steps.length - 1" v-model.number="index" @input="moved"
               :aria-valuetext="'step ' + step" data-test="step-slider">
        <output for="sample-step" data-test="sample-step">step {{ step }}</output>
        <small>({{ index + 1 }} of {{ steps.length }}; same captions and noise at every step)</small>
      </div>
      <div class="sample-grid">
        <button v-for="a in atStep" :key="a.id" type="button" class="sample" @click="open(a)"
                :title="'step ' + a.step + ': click for full size'">
          <img :src="url(a)" :alt="'samples at step ' + a.step" :data-artifact-id="a.id" data-test="sample-image">
        </button>
      </div>
      <dialog ref="dialog" class="zoom" @close="zoomed = null" @click.self="close" aria-label="sample at full size">
        <template v-if="zoomed">
          <div class="zoom-frame"><img :src="url(zoomed)" :alt="'samples at step ' + zoomed.step + ', full size'"
               :style="scale > 1 ? {width: (natural * scale) + 'px', maxWidth: 'none'} : {}" @load="natural = $event.target.naturalWidth"></div>
          <p>step {{ zoomed.step }} ·
            <label>zoom <select v-model.number="scale"><option :value="1">1×</option><option :value="2">2×</option><option :value="4">4×</option></select></label>
            · <a :href="url(zoomed)" target="_blank" rel="noopener">open the file</a>
            <button type="button" @click="close" autofocus>Close</button></p>
        </template>
      </dialog>
    </section>`,
};
