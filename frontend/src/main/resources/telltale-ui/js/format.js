// Number, time and size formatting, and the smoothing the charts apply.

export function num(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (typeof v !== 'number') return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

/** Exact enough for a tooltip: six significant digits. */
export function exact(v) {
  if (v === null || v === undefined) return '—';
  return Number(v.toPrecision(6)).toString();
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function dateTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

export function ago(iso) {
  if (!iso) return '—';
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/**
 * Exponential moving average with TensorBoard's debiasing (the first points are not dragged
 * towards zero); non-finite values pass through as gaps.
 */
export function ema(values, weight) {
  if (!weight) return values;
  const out = new Array(values.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !isFinite(v)) { out[i] = null; continue; }
    last = last * weight + (1 - weight) * v;
    n++;
    out[i] = last / (1 - Math.pow(weight, n));
  }
  return out;
}

/** f called at most once per `ms`, the last call always landing. */
export function throttle(f, ms) {
  let timer = null;
  let pending = null;
  const fire = () => {
    if (pending) {
      const args = pending;
      pending = null;
      f(...args);
      timer = setTimeout(fire, ms);
    } else {
      timer = null;
    }
  };
  return (...args) => {
    pending = args;
    if (!timer) fire();
  };
}

export function debounce(f, ms) {
  let timer = null;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => f.apply(this, args), ms);
  };
}

export function errorText(e) {
  if (e && e.status === 401) return 'Not signed in: open the link with ?token=… that the server printed when it started.';
  return e && e.message ? e.message : String(e);
}

/** For the few places that build HTML by hand (chart tooltips). */
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A generator checkpoint's file (Stage-I, Stage-II or TGANs-C), as the server's CaptionGenerators names them. */
export const GENERATOR_CHECKPOINT = /(stage[12]|tganc-[ca])-step-\d+\.zip$/;

/**
 * Whether a metric key can be asked for by name: the server's query validator decodes values twice,
 * so a key with a literal '%' is refused (400), and one such key in a batch would fail the batch.
 */
export function queryableKey(key) {
  return !String(key).includes('%');
}
