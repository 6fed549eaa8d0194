/**
 * Report times are entered and shown in Japan Standard Time whatever the browser's zone,
 * and travel as UTC ISO strings. Japan has kept UTC+9 without daylight saving since 1951,
 * so the conversion is a fixed offset and cannot drift with the machine's zone data.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A UTC ISO time as the value of a datetime-local input in JST ('2026-11-23T09:30'); '' for none. */
export function toJstInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + JST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | null {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Date.UTC rolls 31 February over into March; a typed date must exist as typed.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return ms - JST_OFFSET_MS;
}

/** Whether a datetime-local value names a real JST time ('' counts: it means "not known"). */
export function isValidJstInput(value: string): boolean {
  return value === '' || fromJstInput(value) !== null;
}

/** A JST datetime-local value as a UTC ISO string; null when empty or not a real time. */
export function fromJstInput(value: string): string | null {
  const m = INPUT.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const ms = utcMs(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0));
  return ms === null ? null : new Date(ms).toISOString();
}

/** The start of a JST calendar day ('2026-11-23') as a UTC ISO string, for period filters. */
export function jstDayStart(date: string): string | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const ms = utcMs(Number(m[1]), Number(m[2]), Number(m[3]));
  return ms === null ? null : new Date(ms).toISOString();
}

/** The start of the JST day after `date`: an exclusive upper bound that includes all of `date`. */
export function jstDayEnd(date: string): string | null {
  const start = jstDayStart(date);
  return start === null ? null : new Date(Date.parse(start) + 24 * 60 * 60 * 1000).toISOString();
}

/** A UTC ISO time for people: '2026/11/23 09:30 JST' (ja) or '23 Nov 2026, 09:30 JST' (en). */
export function formatJst(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  const text = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: language === 'en' ? 'short' : '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));
  return `${text} JST`;
}

/** Minutes between two ISO times (null when either is missing or the order is reversed). */
export function minutesBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const diff = Date.parse(to) - Date.parse(from);
  return Number.isNaN(diff) || diff < 0 ? null : Math.floor(diff / 60_000);
}
