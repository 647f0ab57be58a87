import { describe, expect, it } from 'vitest';
import {
  DATA_MAX_POINTS,
  EXPRESSION_MAX_LENGTH,
  COLUMN_NAME_MAX_LENGTH,
  niceRange,
  parseDataCsv,
  parseNumber,
  regressionLevel,
  splitLine,
  type ParsedData,
} from '../../client/admin/regression-data.ts';
import { LevelBody, LocalisedText, DataSet } from '../../shared/protocol.ts';
import { leastSquaresLine, lineMse, lineMseExpression } from '../../shared/line-fit.ts';
import { analyseDefinition } from '../../server/math/expression.ts';
import { REGRESSION_DATA } from '../../server/game/templates.ts';

// The slides' nine points (DESIGN.md), as an instructor would paste them from a spreadsheet (tab-separated).
const SLIDES = REGRESSION_DATA;
const slidesTsv = ['髒話因子\tIQ', ...SLIDES.map(([s, y]) => `${s}\t${y}`)].join('\n');

function parsed(text: string): ParsedData {
  const result = parseDataCsv(text);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problem)}`);
  return result.value;
}

function problem(text: string) {
  const result = parseDataCsv(text);
  if (result.ok) throw new Error('accepted');
  return result.problem;
}

describe('pasted data (CSV)', () => {
  it('reads a spreadsheet paste: tab-separated, header with the column names', () => {
    const data = parsed(slidesTsv);
    expect(data.columns).toEqual(['髒話因子', 'IQ']);
    expect(data.points).toEqual(SLIDES.map(([s, y]) => [s, y]));
  });

  it('reads commas and semicolons, quotes, blank lines, CRLF, a BOM and the minus sign', () => {
    expect(parsed('\uFEFF"hours, studied",score\r\n\r\n1.5,52\r\n−2,-3e1\r\n').points).toEqual([
      [1.5, 52],
      [-2, -30],
    ]);
    expect(parsed('\uFEFF"hours, studied",score\n1,2\n3,4').columns).toEqual(['hours, studied', 'score']);
    expect(parsed('a;b\n1.5;2\n3;4').points).toEqual([
      [1.5, 2],
      [3, 4],
    ]);
    expect(splitLine('"say ""hi""", 2', ',')).toEqual(['say "hi"', '2']);
  });

  it('refuses decimal commas and other non-numbers with the line they are on', () => {
    expect(parseNumber('3,5')).toBeNull();
    expect(parseNumber('1e400')).toBeNull();
    expect(parseNumber(' 12. ')).toBe(12);
    expect(problem('h\ts\n1\t2\n3,5\t4')).toEqual({ key: 'admin.data.notNumber', params: { line: 3, value: '3,5' } });
    expect(problem('h,s\n\n1,2\n3,x')).toEqual({ key: 'admin.data.notNumber', params: { line: 4, value: 'x' } });
  });

  it('needs a header row of two names, two columns on every line, and enough varied points', () => {
    expect(problem('  \n ')).toEqual({ key: 'admin.data.empty' });
    expect(problem('1,2\n3,4\n5,6')).toEqual({ key: 'admin.data.noHeader' });
    expect(problem('a,b,c\n1,2,3')).toEqual({ key: 'admin.data.columns', params: { line: 1, count: 3 } });
    expect(problem('a,b\n1,2\n3')).toEqual({ key: 'admin.data.columns', params: { line: 3, count: 1 } });
    expect(problem(',b\n1,2\n3,4')).toEqual({ key: 'admin.data.headerEmpty' });
    expect(problem(`${'n'.repeat(COLUMN_NAME_MAX_LENGTH + 1)},b\n1,2\n3,4`)).toEqual({ key: 'admin.data.headerLong', params: { max: COLUMN_NAME_MAX_LENGTH } });
    expect(problem('a,b\n1,2')).toEqual({ key: 'admin.data.tooFew', params: { min: 2 } });
    expect(problem('a,b\n1,2\n1,5')).toEqual({ key: 'admin.data.sameFeature', params: { name: 'a' } });
    const many = ['a,b', ...Array.from({ length: DATA_MAX_POINTS + 1 }, (_, i) => `${i},${i}`)].join('\n');
    expect(problem(many)).toEqual({ key: 'admin.data.tooMany', params: { max: DATA_MAX_POINTS, count: DATA_MAX_POINTS + 1 } });
  });

  it('keeps the limits of the contract', () => {
    expect(EXPRESSION_MAX_LENGTH).toBe(LevelBody.properties.expression.maxLength);
    expect(DATA_MAX_POINTS).toBe(DataSet.properties.points.maxItems);
    expect(COLUMN_NAME_MAX_LENGTH).toBe(LocalisedText.properties.en.maxLength);
  });
});

describe('a regression level from the data', () => {
  it('builds the slides\' level: the shared expression, axes a and b, the data set, and a domain holding the fit and the start', () => {
    const built = regressionLevel(parsed(slidesTsv));
    if (!built.ok) throw new Error(JSON.stringify(built.problem));
    const level = built.value;
    console.log('slides data → domain', JSON.stringify(level.domain), 'start', JSON.stringify(level.start), 'fit', level.fit);
    expect(level.expression).toBe(lineMseExpression(SLIDES));
    expect(level.axes).toEqual(['a', 'b']);
    expect(level.data.columns).toEqual([
      { en: '髒話因子', 'zh-TW': '髒話因子' },
      { en: 'IQ', 'zh-TW': 'IQ' },
    ]);
    expect(level.fit.a).toBeCloseTo(1.7908, 4);
    expect(level.fit.b).toBeCloseTo(65.2126, 4);
    expect(level.fit.mse).toBeCloseTo(65.468, 3);
    const [[aLo, aHi], [bLo, bHi]] = level.domain;
    expect(aLo).toBeLessThan(level.fit.a);
    expect(aHi).toBeGreaterThan(level.fit.a);
    expect(bLo).toBeLessThan(level.fit.b);
    expect(bHi).toBeGreaterThan(level.fit.b);
    // the start is the flat line at the mean IQ: inside the domain, with the target's variance as its MSE
    expect(level.start[0]).toBe(0);
    expect(level.start[1]).toBeCloseTo(SLIDES.reduce((s, [, y]) => s + y, 0) / SLIDES.length, 1);
    expect(level.start[1]).toBeGreaterThan(bLo);
    expect(level.start[1]).toBeLessThan(bHi);
    expect(level.startMse).toBeCloseTo(lineMse(SLIDES, { a: 0, b: level.start[1] }), 9);
    expect(level.startMse).toBeGreaterThan(level.fit.mse);
  });

  it('is accepted by the server\'s level analysis, whose f* is the least-squares MSE at the least-squares line', () => {
    const built = regressionLevel(parsed(slidesTsv));
    if (!built.ok) throw new Error('refused');
    const analysis = analyseDefinition({ expression: built.value.expression, domain: built.value.domain, start: built.value.start });
    const fit = leastSquaresLine(SLIDES);
    expect(analysis.fStar).toBeCloseTo(fit.mse, 3);
    const argmin = analysis.argmin as number[];
    expect(argmin[0]).toBeCloseTo(fit.a, 2);
    expect(argmin[1]).toBeCloseTo(fit.b, 1);
  });

  it('holds the fit and the start for random data sets (seeded)', () => {
    const seed = Number(process.env.ADMIN_TEST_SEED ?? 20240917);
    console.log(`client-admin-regression.test.ts: random data sets from seed ${seed} (set ADMIN_TEST_SEED to change it)`);
    let state = seed >>> 0;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(random() * 40);
      const centre = (random() - 0.5) * 10 ** (1 + Math.floor(random() * 4));
      const spread = 10 ** (Math.floor(random() * 4) - 1);
      const slope = (random() - 0.5) * 20;
      const noise = random() * 10;
      const points: [number, number][] = Array.from({ length: n }, () => {
        const s = Number((centre + (random() - 0.5) * spread).toPrecision(6));
        return [s, Number((slope * s + 3 + (random() - 0.5) * noise).toPrecision(6))];
      });
      if (points.every(([s]) => s === points[0][0])) continue;
      const built = regressionLevel({ columns: ['s', 'y'], points });
      if (!built.ok) {
        expect(built.problem.key).toBe('admin.data.tooLong');
        continue;
      }
      const { domain, fit, start } = built.value;
      const inside = (v: number, [lo, hi]: [number, number]) => v > lo && v < hi;
      expect(inside(fit.a, domain[0]) && inside(fit.b, domain[1]), `trial ${trial}: fit ${fit.a}, ${fit.b} in ${JSON.stringify(domain)}`).toBe(true);
      expect(start[0] >= domain[0][0] && start[0] <= domain[0][1] && start[1] >= domain[1][0] && start[1] <= domain[1][1], `trial ${trial}: start`).toBe(true);
    }
  });

  it('refuses data whose expression would be longer than a level takes, and says how many points fit', () => {
    const points: [number, number][] = Array.from({ length: 120 }, (_, i) => [i + 0.123456, 2 * i + 0.654321]);
    const built = regressionLevel({ columns: ['s', 'y'], points });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.problem.key).toBe('admin.data.tooLong');
    const fits = Number(built.problem.params?.points);
    expect(lineMseExpression(points.slice(0, fits)).length).toBeLessThanOrEqual(EXPRESSION_MAX_LENGTH);
  });

  it('rounds ranges outward to round numbers', () => {
    expect(niceRange(-5.21, 8.79)).toEqual([-6, 10]);
    expect(niceRange(0.013, 0.049)).toEqual([0.01, 0.05]);
    expect(niceRange(-9.5, 133.3)).toEqual([-20, 140]);
    expect(niceRange(3, 4)).toEqual([3, 4]);
  });
});
