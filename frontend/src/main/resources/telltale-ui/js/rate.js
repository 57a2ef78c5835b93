// The rater's page of a ranking study, opened from its share link /rate/<token>. A rater gives a
// name, then orders each task's pictures best to worst: number keys pick the next best, T ties the
// last pick with the one before, Backspace undoes, Enter submits; or drag the pictures into places.
// Judgements are saved one by one, so a rater can stop and come back (the name is remembered here).

import { rateApi } from './api.js';

const MAX_TASK_MS = 86400000;

const { createApp } = Vue;

const token = decodeURIComponent(location.pathname.split('/')[2] || '');
const nameKey = `telltale-rater:${token}`;

/** "1st", "2nd", ... */
function ordinal(n) {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th');
  return n + s;
}

export const RatePage = {
  name: 'RatePage',
  template: `
  <main class="rate" :class="{ busy }">
    <p v-if="error" class="error" role="alert" data-test="error">{{ error }}</p>
    <template v-if="study">
      <header class="rate-head">
        <h1>{{ study.name }}</h1>
        <div v-if="rater" class="rate-progress">
          <div class="bar" role="progressbar" aria-label="tasks done" :aria-valuenow="progress.done" aria-valuemin="0"
               :aria-valuemax="progress.total" data-test="progress">
            <div class="fill" :style="{ width: (100 * progress.done / Math.max(1, progress.total)) + '%' }"></div>
          </div>
          <span>{{ progress.done }} of {{ progress.total }} done</span>
          <span class="who">rating as <b>{{ rater }}</b> <button class="link small" @click="signOut">not you?</button></span>
        </div>
      </header>

      <form v-if="!rater" class="rate-name" @submit.prevent="signIn">
        <p>You will see a caption and {{ study.itemsPerTask }} pictures made for it, {{ study.tasks }} times.
           Put the pictures in order, best match first. Nobody here knows which picture came from where, and neither will you.</p>
        <label>Your name <input name="rater" v-model="nameInput" maxlength="100" autofocus required></label>
        <button class="primary" type="submit">Start</button>
      </form>

      <p v-else-if="!study.open" class="empty" data-test="closed">This study is closed: it takes no more rankings. Thank you!</p>

      <section v-else-if="task" class="rate-task" :data-task-id="task.taskId" data-test="task">
        <p class="rate-caption" data-test="caption">“{{ task.caption }}”</p>
        <p v-if="task.judged" class="meta">You ranked this one before; a new order replaces it.</p>
        <div class="rate-items" @dragover.prevent @drop.prevent="dropOn(null, $event)">
          <figure v-for="(item, i) in task.items" :key="item.itemId" class="rate-item"
                  :class="{ placed: placeOf(i) !== null }" :data-item-id="item.itemId" :data-key="i + 1"
                  draggable="true" @dragstart="drag(i, $event)" @click="pick(i)">
            <img v-if="srcs[item.itemId]" :src="srcs[item.itemId]" :alt="'picture ' + (i + 1)" draggable="false">
            <figcaption><kbd>{{ i + 1 }}</kbd> <span v-if="placeOf(i) !== null" class="place">{{ placeLabel(i) }}</span></figcaption>
          </figure>
        </div>

        <ol class="rate-order" data-test="order">
          <li v-for="(group, g) in groups" :key="g" class="rate-group" :class="{ tie: group.length > 1 }"
              @dragover.prevent @drop.prevent="dropOn(g, $event)" :data-place="g + 1">
            <span class="label">{{ ordinal(placeNumber(g)) }}<template v-if="group.length > 1"> (tie)</template></span>
            <img v-for="i in group" :key="i" :src="srcs[task.items[i].itemId]" :alt="'picture ' + (i + 1)"
                 draggable="true" @dragstart="drag(i, $event)">
          </li>
          <li v-if="unplaced.length" class="rate-group next" @dragover.prevent @drop.prevent="dropOn(groups.length, $event)">
            <span class="label">{{ ordinal(placed + 1) }}</span> <span class="meta">press a number or drop a picture here</span>
          </li>
        </ol>

        <div class="rate-actions">
          <button @click="undo" :disabled="!history.length">Undo <kbd>⌫</kbd></button>
          <button @click="tie" :disabled="groups.length < 2">Tie with previous <kbd>T</kbd></button>
          <button class="primary" @click="submit" :disabled="!complete || busy" data-test="submit">Submit <kbd>Enter</kbd></button>
          <span class="meta">Tasks: <button v-for="(t, k) in tasks" :key="t.taskId" class="dot" :class="{ done: t.judged, here: k === index }"
                :title="'task ' + (k + 1)" @click="show(k)"></button></span>
        </div>
      </section>

      <section v-else-if="rater && loaded" class="rate-done" data-test="done">
        <p><b>All done — thank you!</b> Your {{ progress.done }} rankings are saved.</p>
        <button @click="show(0)">Look through them again</button>
      </section>
    </template>
  </main>`,
  data() {
    return {
      study: null,
      rater: localStorage.getItem(nameKey) || new URLSearchParams(location.search).get('rater') || '',
      nameInput: '',
      tasks: [],
      progress: { done: 0, total: 0 },
      index: -1,
      groups: [],
      history: [],
      shownAt: 0,
      // itemId -> object URL: a task's pictures are fetched first and shown together, so clips
      // of the same length loop in step
      srcs: {},
      busy: false,
      loaded: false,
      error: null,
    };
  },
  computed: {
    task() {
      return this.index >= 0 && this.index < this.tasks.length ? this.tasks[this.index] : null;
    },
    placed() {
      return this.groups.reduce((n, g) => n + g.length, 0);
    },
    unplaced() {
      return this.task ? this.task.items.map((_, i) => i).filter((i) => this.placeOf(i) === null) : [];
    },
    complete() {
      return this.task !== null && this.unplaced.length === 0;
    },
  },
  async mounted() {
    window.addEventListener('keydown', this.onKey);
    try {
      this.study = (await rateApi.tasks(token)).study;
      if (this.rater) await this.load();
    } catch (e) {
      this.error = e.status === 404 ? 'This link does not open any study (it may have been replaced by a newer one).' : e.message;
    }
  },
  unmounted() {
    window.removeEventListener('keydown', this.onKey);
  },
  methods: {
    ordinal,
    async signIn() {
      const name = this.nameInput.trim();
      if (!name) return;
      this.rater = name;
      localStorage.setItem(nameKey, name);
      await this.load();
    },
    signOut() {
      localStorage.removeItem(nameKey);
      this.rater = '';
      this.tasks = [];
      this.index = -1;
      this.loaded = false;
    },
    async load() {
      try {
        const r = await rateApi.tasks(token, this.rater);
        this.study = r.study;
        this.tasks = r.tasks;
        this.progress = r.progress;
        this.loaded = true;
        this.show(this.tasks.findIndex((t) => !t.judged));
      } catch (e) {
        this.error = e.message;
      }
    },
    async show(k) {
      this.index = k;
      this.groups = [];
      this.history = [];
      const task = this.task;
      const old = Object.values(this.srcs);
      this.srcs = {};
      old.forEach((u) => URL.revokeObjectURL(u));
      if (task) {
        try {
          const blobs = await Promise.all(task.items.map((item) => rateApi.picture(item.url)));
          if (this.task !== task) {
            return;
          }
          const srcs = {};
          task.items.forEach((item, i) => { srcs[item.itemId] = URL.createObjectURL(blobs[i]); });
          this.srcs = srcs;
        } catch (e) {
          this.error = `Could not load the pictures: ${e.message}`;
        }
      }
      // the time of a judgement counts from when its pictures are on screen
      this.shownAt = performance.now();
    },
    placeOf(i) {
      const g = this.groups.findIndex((group) => group.includes(i));
      return g < 0 ? null : g;
    },
    /** The place a group shares: 1 + everything ranked above it. */
    placeNumber(g) {
      let above = 0;
      for (let k = 0; k < g; k++) above += this.groups[k].length;
      return above + 1;
    },
    placeLabel(i) {
      const g = this.placeOf(i);
      return ordinal(this.placeNumber(g)) + (this.groups[g].length > 1 ? ' (tie)' : '');
    },
    remember() {
      this.history.push(this.groups.map((g) => [...g]));
    },
    /** The next best: item i takes a place of its own; the last one left follows by itself. */
    pick(i) {
      if (!this.task || this.placeOf(i) !== null) return;
      this.remember();
      this.groups.push([i]);
      if (this.unplaced.length === 1) this.groups.push([this.unplaced[0]]);
    },
    /** The last place joins the one before it. */
    tie() {
      if (this.groups.length < 2) return;
      this.remember();
      const last = this.groups.pop();
      this.groups[this.groups.length - 1].push(...last);
    },
    undo() {
      if (this.history.length) this.groups = this.history.pop();
    },
    drag(i, e) {
      e.dataTransfer.setData('text/plain', String(i));
      e.dataTransfer.effectAllowed = 'move';
    },
    /** Dropped on a place (joins it, a tie), on the next place (a new one), or back among the pictures (null). */
    dropOn(g, e) {
      const i = Number(e.dataTransfer.getData('text/plain'));
      if (!Number.isInteger(i) || !this.task || i < 0 || i >= this.task.items.length) return;
      this.remember();
      const from = this.placeOf(i);
      let target = g;
      if (from !== null) {
        this.groups[from] = this.groups[from].filter((x) => x !== i);
        if (this.groups[from].length === 0) {
          this.groups.splice(from, 1);
          if (target !== null && target > from) target--;
        }
      }
      if (target === null) return;
      if (target >= this.groups.length) this.groups.push([i]);
      else this.groups[target].push(i);
    },
    async submit() {
      if (!this.complete || this.busy) return;
      this.busy = true;
      const task = this.task;
      const order = this.groups.map((g) => g.map((i) => task.items[i].itemId));
      try {
        // the contract caps the time on a task at a day: a task left open overnight still submits
        const ms = Math.min(MAX_TASK_MS, Math.max(0, Math.round(performance.now() - this.shownAt)));
        const r = await rateApi.judge(token, task.taskId, this.rater, order, ms);
        task.judged = true;
        this.progress = r.progress;
        this.error = null;
        const after = this.tasks.findIndex((t, k) => k > this.index && !t.judged);
        this.show(after >= 0 ? after : this.tasks.findIndex((t) => !t.judged));
      } catch (e) {
        this.error = e.status === 409 ? 'This study has just been closed: your last ranking was not saved.' : e.message;
        if (e.status === 409) this.study.open = false;
      } finally {
        this.busy = false;
      }
    },
    onKey(e) {
      if (!this.task || e.target.closest && e.target.closest('input, textarea, select')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^[1-9]$/.test(e.key)) {
        const i = Number(e.key) - 1;
        if (i < this.task.items.length) this.pick(i);
      } else if (e.key === 'Backspace') {
        e.preventDefault();
        this.undo();
      } else if (e.key === 't' || e.key === 'T') {
        this.tie();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        this.submit();
      } else {
        return;
      }
    },
  },
};

createApp(RatePage).mount('#rate');
