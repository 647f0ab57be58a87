import { getLocale } from '../common/i18n.ts';
import type { Localized } from './types.ts';

/** A server-provided text in the UI language (templates carry {en, zh-TW}). */
export function localized(value: Localized | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return value[getLocale()] ?? value.en ?? value['zh-TW'] ?? '';
}
