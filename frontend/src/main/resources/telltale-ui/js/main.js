import { api } from './api.js';

const { createApp } = Vue;

createApp({
  data() {
    return { runs: [], total: null, loading: true, error: null };
  },
  async mounted() {
    await this.load();
    // the all-runs stream tells us when a run is created or changes status
    const source = api.events();
    source.addEventListener('run', () => this.load());
    source.addEventListener('status', () => this.load());
  },
  methods: {
    async load() {
      try {
        const page = await api.listRuns({ sort: '-created', limit: 100 });
        this.runs = page.runs;
        this.total = page.total;
        this.error = null;
      } catch (e) {
        this.error = e.status === 401
          ? 'Not signed in: open the link with ?token=… that the server printed when it started.'
          : `Could not load runs: ${e.message}`;
      } finally {
        this.loading = false;
      }
    },
  },
}).mount('#app');
