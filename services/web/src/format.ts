/** Time zone of Kabupaten Mamuju Tengah (WITA); instants are shown in it, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Makassar';

export function formatNumber(locale: string, value: number | null | undefined, digits = 0, signed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: signed ? 'exceptZero' : 'auto' }).format(value);
}

/** Formats a share from 0 to 1 as a percentage. */
export function formatShare(locale: string, value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '–' : `${formatNumber(locale, value * 100, digits)}%`;
}

/** Formats a calendar date (YYYY-MM-DD) as the locale writes it, such as 22 Apr 2026. */
export function formatDate(locale: string, date: string | null | undefined): string {
  if (date === null || date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return date ?? '–';
  }
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export function formatMonth(locale: string, month: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) {
    return month;
  }
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** Formats an instant in WITA with seconds, because auditors compare times to the second. */
export function formatInstant(locale: string, instant: string | null | undefined): string {
  if (instant === null || instant === undefined) {
    return '–';
  }
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) {
    return instant;
  }
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: TIME_ZONE }).format(parsed)} WITA`;
}

/** Today's date in WITA as YYYY-MM-DD. */
export function todayInWita(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Converts a datetime-local value (YYYY-MM-DDTHH:MM[:SS], read as WITA, UTC+8 without daylight saving) to an ISO instant. */
export function witaLocalToInstant(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) {
    return undefined;
  }
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const parsed = new Date(`${withSeconds}+08:00`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}
