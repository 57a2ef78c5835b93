// The page's shell: navigation, the current page by the address, and errors shown in words
// (a failure in a page never leaves a blank screen).

import { route } from './router.js';
import { RunsPage } from './pages/runs.js';
import { RunPage } from './pages/run.js';
import { LaunchPage } from './pages/launch.js';
import { ComparePage } from './pages/compare.js';
import { GeneratePage } from './pages/generate.js';
import { StudiesPage } from './pages/studies.js';

const { createApp } = Vue;

const PAGES = { runs: RunsPage, run: RunPage, launch: LaunchPage, compare: ComparePage, generate: GeneratePage, studies: StudiesPage };
const TITLES = { runs: 'Runs', run: 'Run', launch: 'Launch', compare: 'Compare', generate: 'Generate', studies: 'Studies' };

const NotFound = {
  template: `<section class="page"><h2 tabindex="-1" class="page-title">Not here</h2>
    <p class="empty">There is no page at this address. <a href="#/runs">Go to the runs</a>.</p></section>`,
};

const app = createApp({
  data() {
    return { route, crash: null };
  },
  computed: {
    page() { return PAGES[route.name] || NotFound; },
    // every navigation starts its page afresh (state, event stream); a page's own query edits do not
    pageKey() { return route.name + ':' + (route.params.id || '') + ':' + route.visit; },
    section() { return route.name === 'run' ? 'runs' : route.name; },
  },
  watch: {
    pageKey(now, before) {
      this.crash = null;
      if (now.split(':')[0] === before.split(':')[0] && now.split(':')[1] === before.split(':')[1]) return;
      document.title = `${TITLES[route.name] || 'Telltale'} · Telltale`;
      // screen readers and keyboards start at the new page's heading
      this.$nextTick(() => {
        const h = document.querySelector('.page-title');
        if (h) h.focus({ preventScroll: true });
      });
    },
  },
  errorCaptured(err) {
    this.crash = err;
    console.error(err);
    return false;
  },
  template: `
    <a class="skip" href="#main" @click.prevent="$refs.main.focus()">Skip to content</a>
    <header class="top">
      <h1><a href="#/runs">Telltale</a></h1>
      <nav aria-label="main">
        <a href="#/runs" :aria-current="section === 'runs' ? 'page' : null">Runs</a>
        <a href="#/launch" :aria-current="section === 'launch' ? 'page' : null">Launch</a>
        <a href="#/compare" :aria-current="section === 'compare' ? 'page' : null">Compare</a>
        <a href="#/generate" :aria-current="section === 'generate' ? 'page' : null">Generate</a>
        <a href="#/studies" :aria-current="section === 'studies' ? 'page' : null">Studies</a>
      </nav>
      <span class="sub">train, watch, judge and use text-to-image and text-to-video GANs</span>
    </header>
    <main id="main" ref="main" tabindex="-1">
      <div v-if="crash" class="error-box" role="alert">
        Something went wrong on this page: {{ crash.message || crash }}.
        <a href="#/runs">Back to the runs</a> or reload.
      </div>
      <component v-else :is="page" :key="pageKey" v-bind="route.name === 'studies' ? { view: route.params.view || '' } : {}"></component>
    </main>`,
});

app.config.errorHandler = (err) => {
  console.error(err);
  const box = document.getElementById('fatal');
  if (box) {
    box.hidden = false;
    box.textContent = `Something went wrong: ${err && err.message ? err.message : err}. Reload the page.`;
  }
};
app.mount('#app');
window.telltaleStarted = true;
document.title = `${TITLES[route.name] || 'Telltale'} · Telltale`;
