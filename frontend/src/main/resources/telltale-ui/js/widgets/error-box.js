// An error in words, never a blank page; with a retry where one makes sense.

import { errorText } from '../format.js';

export const ErrorBox = {
  name: 'ErrorBox',
  props: { error: { required: false, default: null }, retry: { type: Function, required: false } },
  computed: { text() { return this.error ? errorText(this.error) : ''; } },
  template: `
    <div v-if="error" class="error-box" role="alert">
      <span>{{ text }}</span>
      <button v-if="retry" type="button" class="link" @click="retry">Try again</button>
    </div>`,
};
