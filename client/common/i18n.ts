import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { format, LOCALES, mergeTables, pickLocale, type Locale, type StringTable } from '../../shared/i18n/index.ts';
import { common } from '../../shared/i18n/common.ts';
import { storage } from './storage.ts';

const STORAGE_KEY = 'gd-arena.locale';
let table: StringTable = mergeTables(common);
let locale: Locale = storage.get<Locale>(STORAGE_KEY) ?? pickLocale(navigator.languages ?? [navigator.language]);
if (!LOCALES.includes(locale)) locale = 'zh-TW';
const listeners = new Set<() => void>();

/** Adds a page's strings to the table (call once at module load of the page). */
export function addStrings(...tables: StringTable[]): void {
  table = mergeTables(table, ...tables);
}

/** The current UI language. */
export function getLocale(): Locale {
  return locale;
}

/** Switches the UI language, remembers it, and re-renders every element with a LocaleController. */
export function setLocale(next: Locale): void {
  locale = next;
  storage.set(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

/** Translates a key; a missing key shows itself so it is noticed, never a blank. */
export function t(key: string, params?: Record<string, string | number>): string {
  const template = table[locale][key] ?? table.en[key] ?? key;
  return format(template, params);
}

/** The message for an error code from the API or a socket. */
export function errorText(code: string): string {
  const key = `error.${code}`;
  return key in table[locale] ? t(key) : t('error.INTERNAL');
}

/** Formats a number for display: f values and coordinates, compact but exact enough to compare. */
export function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits + 2)).toString();
}

/** Re-renders its host when the language changes. */
export class LocaleController implements ReactiveController {
  private readonly onChange = () => this.host.requestUpdate();
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    listeners.add(this.onChange);
  }
  hostDisconnected(): void {
    listeners.delete(this.onChange);
  }
}

document.documentElement.lang = locale;
