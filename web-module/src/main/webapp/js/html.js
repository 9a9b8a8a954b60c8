// Building HTML from templates without opening the door to injection: every value put into an
// html`...` template is escaped, unless it is itself the result of html`...`.

class Html {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function piece(value) {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escape(value);
}

export function html(strings, ...values) {
  return new Html(strings.reduce((text, string, i) => text + string + (i < values.length ? piece(values[i]) : ''), ''));
}

export function render(element, content) {
  element.innerHTML = piece(content);
}

/** Formats numbers the way people read them: 1,234,567. */
export function count(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en');
}

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${n.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A broker's disk as "12.3 GiB of 50.0 GiB" free, or – when the broker did not say. */
export function freeSpace(disk) {
  if (!disk || disk.volumeUsableBytes === null || disk.volumeTotalBytes === null) return '–';
  return `${bytes(disk.volumeUsableBytes)} of ${bytes(disk.volumeTotalBytes)}`;
}

export function time(millis) {
  return millis === null || millis === undefined || millis < 0 ? '–' : new Date(millis).toISOString().replace('T', ' ').replace('Z', '');
}
