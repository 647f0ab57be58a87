import { describe, expect, it } from 'vitest';
import { play } from '../../shared/i18n/play.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * What is left of a zh-TW string once its placeholders and its mathematics are taken out: f(x)-style notation,
 * f*, f_best, number ranges and the like are ASCII on purpose; the sentence around them is not.
 */
function prose(text: string): string {
  return text
    .replace(/\{\w+\}/g, '')
    .replace(/\b[a-z]\s*\([^)]*\)/gi, '') // f(…)
    .replace(/·\(\{?\w*\}?\)/g, '')
    .replace(/[a-z_*]+\s*[−=+-]\s*[a-z_*]*/gi, '');
}

describe('the team page’s strings (shared/i18n/play.ts)', () => {
  it('has every key in both languages, with the same placeholders', () => {
    expect(Object.keys(play['zh-TW']).sort()).toEqual(Object.keys(play.en).sort());
    for (const key of Object.keys(play.en)) expect([key, placeholders(play['zh-TW'][key])]).toEqual([key, placeholders(play.en[key])]);
  });

  it('writes zh-TW with full-width punctuation: no ASCII , : ; ? ! ( ) in its sentences', () => {
    const offending = Object.entries(play['zh-TW']).filter(([, text]) => /[,:;?!()]/.test(prose(text)));
    expect(offending).toEqual([]);
    // the check can fail
    expect(/[,:;?!()]/.test(prose('等一下, 好嗎?'))).toBe(true);
  });

  it('keeps English out of zh-TW sentences and Chinese out of English ones', () => {
    const han = /\p{Script=Han}/u;
    expect(Object.entries(play.en).filter(([, text]) => han.test(text))).toEqual([]);
    // English words allowed in zh-TW: names of things the class knows by them
    const allowed = new Set(['GD', 'Arena', 'PIN', 'Enter']);
    const words = Object.entries(play['zh-TW']).flatMap(([key, text]) =>
      [...prose(text).matchAll(/[A-Za-z]{2,}/g)].map((m) => m[0]).filter((w) => !allowed.has(w)).map((w) => `${key}: ${w}`),
    );
    expect(words).toEqual([]);
  });
});
