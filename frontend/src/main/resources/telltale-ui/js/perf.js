// Page timings the benchmark reads: Performance API marks for first renders, and the delay from a
// point's time stamp to the chart that drew it.

const live = [];
window.telltalePerf = { live };

export const perf = {
  /** The first time only: later marks of the same name would not be a first render. */
  mark(name) {
    if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
  },
  live(ms) {
    live.push(ms);
    if (live.length > 10000) live.shift();
  },
};
