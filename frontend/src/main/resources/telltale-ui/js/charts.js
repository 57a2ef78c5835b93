// Everything about charts: which series share a chart, and an ECharts line chart component with
// EMA smoothing, log scale, step or wall-time x axis, exact values on hover and zoom.

import { ema, exact, escapeHtml } from './format.js';

const { markRaw } = Vue;

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

/**
 * Charts of a run's keys: D's loss with its parts, G's loss with its parts, KL, learning rates,
 * step time, and each evaluation metric on its own; anything else grouped by its prefix.
 */
export function chartGroups(keys) {
  const groups = new Map();
  const add = (id, title, key, order) => {
    if (!groups.has(id)) groups.set(id, { id, title, keys: [], order });
    groups.get(id).keys.push(key);
  };
  for (const k of [...keys].sort()) {
    if (k.startsWith('loss/d')) add('loss-d', 'Discriminator loss', k, 0);
    else if (k.startsWith('loss/g')) add('loss-g', 'Generator loss', k, 1);
    else if (k.startsWith('loss/')) add('loss', 'Loss', k, 2);
    else if (k === 'kl' || k.startsWith('kl/')) add('kl', 'KL divergence (Conditioning Augmentation)', k, 3);
    else if (k === 'lr' || k.startsWith('lr/')) add('lr', 'Learning rate', k, 4);
    else if (k.startsWith('time/')) add('time', 'Step time (ms)', k, 5);
    else if (k.startsWith('eval/is_')) add('eval-is', 'Inception score', k, 6);
    else if (k.startsWith('eval/')) add('eval:' + k, k.slice(5).replace(/_/g, ' '), k, 7);
    else {
      const prefix = k.includes('/') ? k.slice(0, k.indexOf('/')) : k;
      add('other:' + prefix, prefix.replace(/_/g, ' '), k, 8);
    }
  }
  return [...groups.values()].sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}

/** Points of one series as [x, y] pairs; non-positive values are gaps on a log axis. */
function pairs(s, ys, xAxis, logScale) {
  const xs = xAxis === 'time' ? s.times : s.steps;
  const out = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    out[i] = [xs[i], logScale && !(y > 0) ? null : y];
  }
  return out;
}

/**
 * Props: series [{name, steps, values, times, color}] (arrays the parent may append to; it bumps
 * `version` when it does), smoothing 0..0.99, logScale, xAxis 'step' | 'time'. Emits 'rendered'
 * with the number of points drawn after every draw.
 */
export const MetricChart = {
  name: 'MetricChart',
  props: {
    title: { type: String, required: true },
    series: { type: Array, required: true },
    version: { type: Number, default: 0 },
    smoothing: { type: Number, default: 0 },
    logScale: { type: Boolean, default: false },
    xAxis: { type: String, default: 'step' },
    height: { type: Number, default: 260 },
  },
  emits: ['rendered'],
  data() {
    return { points: 0 };
  },
  template: `
    <figure class="chart" :data-chart="title" :data-points="points">
      <figcaption>{{ title }}</figcaption>
      <div ref="canvas" class="chart-canvas" :style="{height: height + 'px'}" role="img"
           :aria-label="title + ': ' + series.map(s => s.name).join(', ') + ', ' + points + ' points'"></div>
    </figure>`,
  mounted() {
    this.chart = markRaw(echarts.init(this.$refs.canvas, null, { renderer: 'canvas' }));
    this.resizer = new ResizeObserver(() => this.chart && this.chart.resize());
    this.resizer.observe(this.$refs.canvas);
    this.draw(true);
  },
  beforeUnmount() {
    this.resizer.disconnect();
    this.chart.dispose();
    this.chart = null;
  },
  watch: {
    version() { this.schedule(); },
    series() { this.draw(true); },
    smoothing() { this.schedule(); },
    logScale() { this.draw(true); },
    xAxis() { this.draw(true); },
  },
  methods: {
    /** Live points arrive in bursts: draw once per animation frame at most. */
    schedule() {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => { this.frame = null; this.draw(false); });
    },
    draw(full) {
      if (!this.chart) return;
      const smoothing = this.smoothing;
      const out = [];
      let points = 0;
      this.series.forEach((s, i) => {
        const color = s.color || PALETTE[i % PALETTE.length];
        points += s.values.length;
        if (smoothing > 0) {
          // the raw curve stays faintly behind the smoothed one (same legend entry)
          out.push({ name: s.name, type: 'line', showSymbol: false, animation: false, silent: true,
            lineStyle: { width: 1, opacity: 0.25, color }, itemStyle: { color }, sampling: 'lttb',
            data: pairs(s, s.values, this.xAxis, this.logScale), raw: true });
        }
        out.push({ name: s.name, type: 'line', showSymbol: false, animation: false, sampling: 'lttb',
          lineStyle: { width: 1.5, color }, itemStyle: { color }, connectNulls: false,
          data: pairs(s, smoothing > 0 ? ema(s.values, smoothing) : s.values, this.xAxis, this.logScale) });
      });
      const option = {
        animation: false,
        grid: { left: 56, right: 16, top: 28, bottom: 58 },
        legend: { type: 'scroll', top: 0, textStyle: { fontSize: 11 } },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'line' },
          formatter: (items) => this.tooltip(items),
        },
        xAxis: this.xAxis === 'time'
          ? { type: 'time', name: 'wall time', nameLocation: 'middle', nameGap: 24 }
          : { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 24, min: 'dataMin', max: 'dataMax' },
        yAxis: { type: this.logScale ? 'log' : 'value', scale: true },
        dataZoom: [{ type: 'inside', filterMode: 'none' }, { type: 'slider', height: 14, bottom: 4, filterMode: 'none' }],
        series: out.map(({ raw, ...rest }) => rest),
      };
      // a full draw replaces the series; a live one keeps the user's zoom
      this.chart.setOption(option, full ? { notMerge: true } : { replaceMerge: ['series'] });
      this.rawFlags = out.map((s) => !!s.raw);
      this.points = points;
      this.$emit('rendered', points);
    },
    tooltip(items) {
      if (!items.length) return '';
      const x = items[0].value[0];
      const head = this.xAxis === 'time' ? new Date(x).toLocaleString() : `step ${x}`;
      const rows = items.map((it) => {
        const raw = this.rawFlags && this.rawFlags[it.seriesIndex];
        const label = this.smoothing > 0 ? (raw ? ' (raw)' : ' (smoothed)') : '';
        return `${it.marker}${escapeHtml(it.seriesName)}${label}: <b>${exact(it.value[1])}</b>`;
      });
      return [head, ...rows].join('<br>');
    },
  },
};
