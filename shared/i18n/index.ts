/** The UI languages: Traditional Chinese (the class) and English. */
export const LOCALES = ['zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A table of strings per locale; `{name}` placeholders are filled by `format`. */
export type StringTable = Record<Locale, Record<string, string>>;

/** Picks the UI language from the browser's list: any Chinese → zh-TW, else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh-TW';
    if (l.startsWith('en')) return 'en';
  }
  return 'zh-TW';
}

/** Fills `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Merges page tables into one, checking in development that both languages have the same keys. */
export function mergeTables(...tables: StringTable[]): StringTable {
  const merged: StringTable = { 'zh-TW': {}, en: {} };
  for (const table of tables) {
    for (const locale of LOCALES) Object.assign(merged[locale], table[locale]);
  }
  return merged;
}
