import { describe, expect, it } from 'vitest';
import { admin } from '../../shared/i18n/admin.ts';
import { LEVEL_ERROR_REASONS } from '../../shared/expression-errors.ts';
import { LOCALES } from '../../shared/i18n/index.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the admin table', () => {
  it('has the same keys and the same placeholders in both languages', () => {
    expect(Object.keys(admin['zh-TW']).sort()).toEqual(Object.keys(admin.en).sort());
    for (const key of Object.keys(admin.en)) {
      expect([key, [...new Set(placeholders(admin['zh-TW'][key]))]]).toEqual([key, [...new Set(placeholders(admin.en[key]))]]);
    }
  });

  it('writes zh-TW prose with full-width punctuation (ASCII signs stay only in formulas and code)', () => {
    // An ASCII comma, colon, semicolon, question or exclamation mark, or bracket touching a Chinese character
    // (spaces between allowed) is prose punctuation that should be full-width.
    const touching = new RegExp(`${CJK.source}\\s*[,:;?!()]|[,:;?!()]\\s*${CJK.source}`);
    const offenders = Object.entries(admin['zh-TW']).filter(([, text]) => touching.test(text));
    expect(offenders).toEqual([]);
  });

  it('has no Chinese in English and no English sentence in zh-TW', () => {
    expect(Object.entries(admin.en).filter(([, text]) => CJK.test(text))).toEqual([]);
    // Latin words in zh-TW are names, units and code (PIN, CSV, mathjs, f(x)…), never a run of English prose.
    const englishRun = /[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}/;
    expect(Object.entries(admin['zh-TW']).filter(([, text]) => englishRun.test(text))).toEqual([]);
  });

  it('says every reason of a refused level in both languages, with only the params the reason carries', () => {
    const reasons = Object.entries(LEVEL_ERROR_REASONS).flatMap(([code, byReason]) => Object.entries(byReason).map(([reason, params]) => ({ code, reason, params: params as readonly string[] })));
    expect(reasons.length).toBeGreaterThan(25);
    for (const { code, reason, params } of reasons) {
      for (const locale of LOCALES) {
        const text = admin[locale][`admin.reason.${code}.${reason}`];
        expect(text, `${locale} admin.reason.${code}.${reason}`).toBeTypeOf('string');
        for (const p of placeholders(text)) expect(params, `${locale} ${code}.${reason} uses {${p}}`).toContain(p);
      }
    }
  });

  it('names every construct a level refuses, and the non-finite values', () => {
    const constructs = ['assignment', 'function-definition', 'matrix', 'object', 'block', 'conditional', 'comparison', 'indexing', 'range', 'string', 'constant', 'call', 'other'];
    for (const locale of LOCALES) {
      for (const c of constructs) expect(admin[locale][`admin.construct.${c}`], `${locale} ${c}`).toBeTypeOf('string');
      for (const v of ['NaN', 'Infinity', '-Infinity']) expect(admin[locale][`admin.value.${v}`], `${locale} ${v}`).toBeTypeOf('string');
    }
  });
});
