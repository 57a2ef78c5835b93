// Human ranking studies inside the main page: the list (#/studies), the create form
// (#/studies/new) and one study's results (#/studies/42); the components live in js/studies/.

import { navigate } from '../router.js';
import { StudyList } from '../studies/study-list.js';
import { StudyCreate } from '../studies/study-create.js';
import { StudyResults } from '../studies/study-results.js';

export const StudiesPage = {
  components: { StudyList, StudyCreate, StudyResults },
  props: { view: { type: String, default: '' } },
  computed: {
    id() { return /^\d+$/.test(this.view) ? Number(this.view) : null; },
  },
  methods: {
    go(where) { navigate('/studies' + (where === '' || where === undefined ? '' : '/' + where)); },
  },
  template: `
    <section class="page studies">
      <h2 tabindex="-1" class="page-title">Ranking studies</h2>
      <study-create v-if="view === 'new'" @created="go" @cancel="go('')"></study-create>
      <study-results v-else-if="id" :id="id" @back="go('')"></study-results>
      <study-list v-else @open="go" @create="go('new')"></study-list>
    </section>`,
};
