// The owner's list of ranking studies: what each compares, how far rating has come.

import { studiesApi } from '../api.js';

export const StudyList = {
  name: 'StudyList',
  emits: ['open', 'create'],
  template: `
  <section>
    <div class="actions"><h2>Ranking studies</h2> <button class="primary" @click="$emit('create')" data-test="new-study">New study</button></div>
    <p v-if="error" class="error" role="alert">{{ error }}</p>
    <p v-else-if="loaded && !studies.length" class="empty">No studies yet. A study asks people to rank what several runs draw for the same captions.</p>
    <table v-else-if="studies.length" data-test="studies">
      <thead><tr><th>#</th><th>Name</th><th>Compares</th><th>Status</th><th class="num">Tasks</th><th class="num">Raters</th><th class="num">Rankings</th><th>Created</th></tr></thead>
      <tbody>
        <tr v-for="s in studies" :key="s.id" :data-study-id="s.id">
          <td>{{ s.id }}</td>
          <td><a :href="'#/' + s.id" @click.prevent="$emit('open', s.id)">{{ s.name }}</a></td>
          <td>{{ s.arms.map(a => a.label).join(' · ') }}</td>
          <td>{{ s.status }}</td>
          <td class="num">{{ s.tasks }}</td>
          <td class="num">{{ s.raters }}</td>
          <td class="num">{{ s.judgements }}</td>
          <td>{{ new Date(s.createdAt).toLocaleString() }}</td>
        </tr>
      </tbody>
    </table>
  </section>`,
  data() {
    return { studies: [], loaded: false, error: null };
  },
  async mounted() {
    try {
      this.studies = (await studiesApi.list()).studies;
    } catch (e) {
      this.error = e.status === 401 ? 'Not signed in: open the link with ?token=… that the server printed when it started.' : e.message;
    } finally {
      this.loaded = true;
    }
  },
};
