// A run's status with its progress bar and ETA.

import { duration } from '../format.js';

/**
 * A running run's progress after a live loss point at `step`: the worker's heartbeat gives the
 * total; before the first one, the run's own steps parameter does.
 */
export function progressAt(run, step) {
  const prog = run.progress || {};
  const total = prog.totalSteps || (run.params && run.params.steps);
  if (run.status !== 'RUNNING' || !total || step < (prog.step || 0)) return prog;
  const elapsed = run.startedAt ? (Date.now() - new Date(run.startedAt).getTime()) / 1000 : null;
  return { ...prog, step, totalSteps: total, fraction: Math.min(1, step / total),
    etaSeconds: elapsed !== null && step > 0 ? Math.max(0, elapsed / step * (total - step)) : prog.etaSeconds };
}

export const RunStatus = {
  name: 'RunStatus',
  props: { run: { type: Object, required: true } },
  computed: {
    fraction() {
      const p = this.run.progress || {};
      if (p.fraction !== undefined && p.fraction !== null) return p.fraction;
      return this.run.status === 'FINISHED' ? 1 : null;
    },
    label() {
      const p = this.run.progress || {};
      if (p.step !== null && p.step !== undefined && p.totalSteps) return `step ${p.step} of ${p.totalSteps}`;
      return '';
    },
    eta() {
      const p = this.run.progress || {};
      return this.run.status === 'RUNNING' && p.etaSeconds !== undefined ? duration(p.etaSeconds) : '';
    },
  },
  template: `
    <span class="run-status">
      <span :class="['status', run.status.toLowerCase()]" data-test="status">{{ run.status }}</span>
      <span v-if="fraction !== null && run.status !== 'QUEUED'" class="progress" role="progressbar"
            aria-valuemin="0" aria-valuemax="100" :aria-valuenow="Math.round(fraction * 100)" :aria-valuetext="label"
            :title="label">
        <span class="bar" :style="{width: (fraction * 100).toFixed(1) + '%'}"></span>
      </span>
      <small v-if="eta" class="eta" title="estimated time left">ETA {{ eta }}</small>
    </span>`,
};
