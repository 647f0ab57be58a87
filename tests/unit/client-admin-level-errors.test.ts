import { describe, expect, it } from 'vitest';
import { levelErrorText, pointText, type Strings } from '../../client/admin/level-errors.ts';
import { admin } from '../../shared/i18n/admin.ts';
import { common } from '../../shared/i18n/common.ts';
import { format, mergeTables, type Locale } from '../../shared/i18n/index.ts';
import { analyseDefinition } from '../../server/math/expression.ts';
import { GameError } from '../../shared/errors.ts';

const table = mergeTables(common, admin);
const strings = (locale: Locale): Strings => ({
  has: (key) => key in table[locale],
  t: (key, params) => format(table[locale][key] ?? key, params),
});

/** The server's refusal of a level definition, as the API's error body carries it. */
function refusal(expression: string, domain: unknown, start?: number | number[]) {
  try {
    analyseDefinition({ expression, domain, start });
  } catch (err) {
    if (err instanceof GameError) return { code: err.code, reason: err.detail.reason, params: err.detail.params };
    throw err;
  }
  throw new Error(`accepted: ${expression}`);
}

describe('a refused level said in the page\'s language', () => {
  it('says a parse error by its reason and position, in zh-TW without the English message', () => {
    const error = refusal('(x - 1)^2 + ', [[-5, 5]]);
    expect(error.reason).toBe('PARSE');
    const zh = levelErrorText(error, strings('zh-TW'));
    expect(zh).toContain(`第 ${error.params?.char} 個字元`);
    expect(zh).not.toMatch(/[A-Za-z]{4,}/);
    expect(levelErrorText(error, strings('en'))).toContain(`near character ${error.params?.char}`);
  });

  it('writes points with the level\'s axis names', () => {
    expect(pointText('0.5', ['x'])).toBe('x = 0.5');
    expect(pointText('(0.5, 1)', ['a', 'b'])).toBe('(a, b) = (0.5, 1)');
    expect(pointText('(0.5, 1)', ['x'])).toBe('(x, y) = (0.5, 1)');
    const pole = refusal('1/(x - 0.00123)', [[-1, 1]]);
    expect(pole.reason).toBe('POLE');
    expect(levelErrorText(pole, strings('zh-TW'), ['t'])).toContain('t = 0.00123');
    const domain = refusal('x + y', [[0, 1], [3, 2]]);
    expect(domain).toMatchObject({ code: 'INVALID_DOMAIN', reason: 'EMPTY_INTERVAL' });
    expect(levelErrorText(domain, strings('en'), ['a', 'b'])).toBe('The lower bound of b (3) must be below its upper bound (2).');
  });

  it('translates the refused construct and the non-finite value', () => {
    const assignment = refusal('x = 1', [[0, 1]]);
    expect(levelErrorText(assignment, strings('zh-TW'))).toBe('關卡的函數裡不能有指定（=）。');
    const log = refusal('log(x)', [[-1, 1]]);
    expect(log.reason).toBe('NOT_FINITE');
    const zh = levelErrorText(log, strings('zh-TW'));
    expect(zh).toMatch(/^f 在 x = \S+ 的值是(未定義（NaN）|負無限大|無限大)：/);
  });

  it('gives null for an error without a known reason (the page falls back to the code\'s text)', () => {
    expect(levelErrorText({ code: 'INVALID_EXPRESSION' }, strings('en'))).toBeNull();
    expect(levelErrorText({ code: 'INVALID_EXPRESSION', reason: 'SOMETHING_NEW' }, strings('en'))).toBeNull();
  });
});
