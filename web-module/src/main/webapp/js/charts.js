// Small live charts: a series remembers the last values, a sparkline draws them as SVG.
import { html } from './html.js';

/** The last `capacity` values of something measured over time. */
export class Series {
  constructor(capacity = 60) {
    this.capacity = capacity;
    this.values = [];
  }
  add(value) {
    this.values.push(value);
    if (this.values.length > this.capacity) this.values.shift();
  }
  get last() {
    return this.values.at(-1);
  }
}

/**
 * Turns a counter that only grows (bytes in since start) into a rate per second between two
 * readings. A counter that went down (broker restarted) starts over instead of going negative.
 */
export class Rate {
  constructor() {
    this.previous = null;
  }
  next(total, at = Date.now()) {
    const previous = this.previous;
    this.previous = { total, at };
    if (!previous || total < previous.total || at <= previous.at) return null;
    return ((total - previous.total) * 1000) / (at - previous.at);
  }
}

export function sparkline(series, { width = 240, height = 48, label = '', format = (v) => v.toFixed(1) } = {}) {
  const values = series.values;
  if (values.length === 0) {
    return html`<figure class="chart"><figcaption>${label}</figcaption>
      <div class="no-data" style="width: ${width}px; height: ${height}px">no data yet</div></figure>`;
  }
  const max = Math.max(...values, 1);
  const y = (v) => (height - 2 - (v / max) * (height - 4)).toFixed(1);
  // Spread over the whole width; a single reading is a flat line, so the chart is never empty.
  const points = values.length === 1
    ? `0,${y(values[0])} ${width},${y(values[0])}`
    : values.map((v, i) => `${((i * width) / (values.length - 1)).toFixed(1)},${y(v)}`).join(' ');
  return html`<figure class="chart">
      <figcaption>${label} <strong>${format(series.last)}</strong></figcaption>
      <svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}">
        <polyline points="${points}" fill="none" stroke="currentColor" stroke-width="1.5"/>
      </svg>
    </figure>`;
}
