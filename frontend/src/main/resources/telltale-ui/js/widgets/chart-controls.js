// The settings every chart of a page shares: EMA smoothing, log scale and the x axis. They are
// remembered in the browser across runs and pages.

const KEY = 'telltale.charts';

export function chartSettings() {
  const fallback = { smoothing: 0.6, logScale: false, xAxis: 'step' };
  try {
    return { ...fallback, ...JSON.parse(localStorage.getItem(KEY) || '{}') };
  } catch (e) {
    return fallback;
  }
}

export function saveChartSettings(s) {
  try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode: not remembered */ }
}

export const ChartControls = {
  name: 'ChartControls',
  props: { modelValue: { type: Object, required: true } },
  emits: ['update:modelValue'],
  methods: {
    set(k, v) { this.$emit('update:modelValue', { ...this.modelValue, [k]: v }); },
  },
  template: `
    <div class="chart-controls" role="group" aria-label="chart settings">
      <label for="smoothing">Smoothing</label>
      <input id="smoothing" type="range" min="0" max="0.99" step="0.01" :value="modelValue.smoothing"
             @input="set('smoothing', Number($event.target.value))" data-test="smoothing">
      <output for="smoothing">{{ modelValue.smoothing.toFixed(2) }}</output>
      <label><input type="checkbox" :checked="modelValue.logScale" @change="set('logScale', $event.target.checked)" data-test="log-scale"> log scale</label>
      <label>x axis
        <select :value="modelValue.xAxis" @change="set('xAxis', $event.target.value)" data-test="x-axis">
          <option value="step">step</option><option value="time">wall time</option>
        </select>
      </label>
      <small>drag or scroll on a chart to zoom; hover for exact values</small>
    </div>`,
};
