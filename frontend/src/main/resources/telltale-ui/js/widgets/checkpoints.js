// A run's checkpoints: download, resume from the newest, or fine-tune a new run from any of them.

import { api } from '../api.js';
import { bytes, dateTime } from '../format.js';
import { href } from '../router.js';
import { ErrorBox } from './error-box.js';

export const CheckpointList = {
  name: 'CheckpointList',
  components: { ErrorBox },
  props: { run: { type: Object, required: true }, version: { type: Number, default: 0 } },
  emits: ['resume'],
  data() { return { checkpoints: [], error: null, loaded: false }; },
  computed: {
    resumable() { return ['FAILED', 'CANCELLED'].includes(this.run.status) && !this.run.external; },
  },
  watch: { version() { this.load(); } },
  mounted() { this.load(); },
  methods: {
    async load() {
      try {
        this.checkpoints = (await api.checkpoints(this.run.id)).checkpoints;
        this.error = null;
        this.loaded = true;
      } catch (e) {
        this.error = e;
      }
    },
    download: (c) => api.artifactUrl(c.id, true),
    fineTune(c) {
      return href('/launch', { from: this.run.id, initFrom: `artifact:${c.id}` });
    },
    bytes, dateTime,
  },
  template: `
    <section class="checkpoints" aria-label="checkpoints">
      <error-box :error="error" :retry="load"></error-box>
      <p v-if="loaded && checkpoints.length === 0" class="empty" data-test="no-checkpoints">
        No checkpoints yet: a run writes one every <code>checkpointEvery</code> steps, at its last step, and when it is cancelled.
      </p>
      <table v-else-if="checkpoints.length" class="table" data-test="checkpoints">
        <thead><tr><th scope="col">Step</th><th scope="col">File</th><th scope="col">Size</th><th scope="col">sha256</th><th scope="col">Written</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          <tr v-for="(c, i) in checkpoints" :key="c.id" :data-checkpoint-id="c.id">
            <td>{{ c.step }}</td>
            <td><code>{{ c.path.split('/').pop() }}</code></td>
            <td>{{ bytes(c.bytes) }}</td>
            <td><code :title="c.sha256">{{ c.sha256.slice(0, 12) }}…</code></td>
            <td>{{ dateTime(c.createdAt) }}</td>
            <td class="actions">
              <a :href="download(c)" :download="c.path.split('/').pop()" data-test="download">Download</a>
              <a :href="fineTune(c)" data-test="fine-tune">Fine-tune from here</a>
              <button v-if="i === 0 && resumable" type="button" @click="$emit('resume')">Resume from here</button>
            </td>
          </tr>
        </tbody>
      </table>
    </section>`,
};
