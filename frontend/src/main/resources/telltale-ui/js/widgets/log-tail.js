// The end of a run's worker log, refreshed while the run is alive.

import { api } from '../api.js';
import { ErrorBox } from './error-box.js';

export const LogTail = {
  name: 'LogTail',
  components: { ErrorBox },
  props: { runId: { type: Number, required: true }, live: { type: Boolean, default: false } },
  data() { return { lines: [], count: 200, error: null, loaded: false }; },
  mounted() {
    this.load();
    this.timer = setInterval(() => { if (this.live) this.load(); }, 3000);
  },
  beforeUnmount() { clearInterval(this.timer); },
  methods: {
    async load() {
      try {
        const body = await api.log(this.runId, this.count);
        this.lines = body.lines;
        this.error = null;
        this.loaded = true;
        this.$nextTick(() => { const el = this.$refs.pre; if (el) el.scrollTop = el.scrollHeight; });
      } catch (e) {
        this.error = e;
      }
    },
  },
  template: `
    <section class="log" aria-label="worker log">
      <div class="toolbar">
        <label>Lines <select v-model.number="count" @change="load">
          <option :value="100">100</option><option :value="200">200</option><option :value="1000">1000</option><option :value="5000">5000</option>
        </select></label>
        <button type="button" @click="load">Refresh</button>
        <small v-if="live">refreshes every 3 s while the run is alive</small>
      </div>
      <error-box :error="error" :retry="load"></error-box>
      <p v-if="loaded && lines.length === 0" class="empty">The log is empty: a tracked-only run has no worker, a queued one has not started.</p>
      <pre v-else ref="pre" class="log-lines" tabindex="0" data-test="log">{{ lines.join('\\n') }}</pre>
    </section>`,
};
