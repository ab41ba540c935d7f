/** Number and time formatting shared by the output renderers; fixed locale so tests are stable. */

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `30,000` */
export function formatCount(n: number): string {
  return INTEGER.format(n);
}

/** `0:42`, `12:05`, `1:02:03`: clock style, as tqdm and Keras show elapsed time. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.round(ms / 1000);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Units done per second so far, or undefined before there is anything to measure. */
export function progressRate(done: number, elapsedMs: number): number | undefined {
  if (done <= 0 || elapsedMs <= 0) return undefined;
  return done / (elapsedMs / 1000);
}

/** Time left at the average rate so far; undefined while the rate is unknown or when finished. */
export function etaMs(done: number, total: number, elapsedMs: number): number | undefined {
  const rate = progressRate(done, elapsedMs);
  if (rate === undefined || total <= 0 || done >= total) return undefined;
  return ((total - done) / rate) * 1000;
}

/** `1,234/s` for fast loops, `12.3/s` or `0.42/s` for slow ones, where the decimals matter. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '—';
  if (perSecond >= 100) return INTEGER.format(perSecond);
  if (perSecond >= 10) return perSecond.toFixed(1);
  return perSecond.toFixed(2);
}

/** Whole percent, never shown as 100% before the loop really finished. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  const p = Math.floor((done / total) * 100);
  return Math.min(100, Math.max(0, p));
}

/** Table cells: integers as is, fractions to 6 significant digits as pandas shows them. */
export function formatCell(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return String(Number(value.toPrecision(6)));
  }
  return String(value);
}
