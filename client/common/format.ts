import { getLocale } from './i18n.ts';

export { coords } from '../../shared/point.ts';

/** A wall-clock time, 24-hour with seconds (10:42:05); empty for a time that does not parse. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
}
