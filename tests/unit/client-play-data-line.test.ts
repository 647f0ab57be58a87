import { describe, expect, it } from 'vitest';
import { lineMse } from '../../shared/line-fit.ts';
import type { DataSet, Reveal } from '../../shared/protocol.ts';
import { REGRESSION_DATA, SLIDE_LINE, SLIDE_LEVELS } from '../../server/game/templates.ts';
import { format } from '../../shared/i18n/index.ts';
import { play } from '../../shared/i18n/play.ts';
import {
  columnNames,
  dataView,
  leastSquares,
  lineEnds,
  lineEquation,
  lineOf,
  regressionSummary,
  startLine,
} from '../../client/play/data-line.ts';

const level4 = SLIDE_LEVELS.find((l) => l.key === 'regression');
if (!level4?.data) throw new Error('level 4 has no data set');
const data: DataSet = { columns: level4.data.columns, points: REGRESSION_DATA.map(([s, y]) => [s, y]) };
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Number(v.toPrecision(6))));

describe('the data view of a regression level (client/play/data-line.ts)', () => {
  it('reads a guess (a, b) as the line target = a·feature + b', () => {
    expect(lineOf([3.33, 50])).toEqual({ a: 3.33, b: 50 });
    expect(lineOf(2)).toBeNull();
    expect(lineOf([Number.NaN, 1])).toBeNull();
    expect(lineOf(null)).toBeNull();
    expect(lineEnds({ a: 2, b: 1 }, [10, 20])).toEqual([
      { x: 10, y: 21 },
      { x: 20, y: 41 },
    ]);
  });

  it('finds the slides’ least-squares line with the shared code (a ≈ 1.7908, b ≈ 65.2126, MSE ≈ 65.468)', () => {
    const fit = leastSquares(data);
    expect(fit.a).toBeCloseTo(1.7908, 4);
    expect(fit.b).toBeCloseTo(65.2126, 4);
    expect(fit.mse).toBeCloseTo(65.468, 3);
    // and it is the lowest: the slide's line is worse
    expect(lineMse(data.points, SLIDE_LINE)).toBeCloseTo(156.95, 2);
  });

  it('frames the data with some air, and keeps it in view beside a wild line', () => {
    const plain = dataView(data.points, []);
    const [sLo, sHi] = [10.7, 20.33];
    expect(plain.x[0]).toBeLessThan(sLo);
    expect(plain.x[1]).toBeGreaterThan(sHi);
    expect(plain.y[0]).toBeLessThan(80);
    expect(plain.y[1]).toBeGreaterThan(110);
    // the slide's line runs from about 78 to 121 over the data: the view grows to hold it
    const slide = dataView(data.points, [SLIDE_LINE]);
    const ends = lineEnds(SLIDE_LINE, slide.x).map((p) => p.y);
    expect(slide.y[0]).toBeLessThanOrEqual(Math.min(80, ...ends));
    expect(slide.y[1]).toBeGreaterThanOrEqual(Math.max(110, ...ends));
    // a wild guess far below the data: the view stops one data span (30) below the data, plus its air
    const wild = dataView(data.points, [{ a: 0, b: -500 }]);
    expect(wild.y[0]).toBeGreaterThanOrEqual(80 - 30 - 0.08 * 90 - 1e-9);
    expect(wild.y[1]).toBeGreaterThan(110);
  });

  it('takes the level’s start line from the reference runs from its default start, only after the reveal', () => {
    const reveal = {
      reference: [
        { optimizer: 'gd', teamId: 7, lr: 0.002, steps: 3, diverged: false, path: [{ x: [1, 60], fx: 100 }] },
        { optimizer: 'gd', teamId: null, lr: 0.002, steps: 150, diverged: false, path: [{ x: [3.33, 50], fx: 156.95 }] },
      ],
    } as Pick<Reveal, 'reference'>;
    expect(startLine(reveal)).toEqual({ a: 3.33, b: 50 });
    expect(startLine(null)).toBeNull();
    expect(startLine({ reference: [] })).toBeNull();
  });

  it('writes a line in the data’s names, in the page’s language', () => {
    const zh = columnNames(data, 'zh-TW');
    const en = columnNames(data, 'en');
    expect(zh).toEqual({ feature: '髒話因子', target: 'IQ' });
    expect(en).toEqual({ feature: 'swear factor', target: 'IQ' });
    expect(lineEquation(SLIDE_LINE, zh, fmt)).toBe('IQ = 3.33·髒話因子 + 50');
    expect(lineEquation({ a: 1.5, b: -4 }, en, fmt)).toBe('IQ = 1.5·(swear factor) − 4');
  });

  it('says in one line what the level is, from its data set and axis names', () => {
    const zh = regressionSummary(data, ['a', 'b'], 'zh-TW');
    expect(zh).toEqual({ key: 'data.summary', params: { target: 'IQ', feature: '髒話因子', a: 'a', b: 'b', n: 9 } });
    expect(format(play['zh-TW'][zh.key], { ...zh.params, f: 'f(a, b)' })).toBe(
      '用直線 IQ = a·(髒話因子) + b 擬合這 9 個資料點：f(a, b) 就是這條直線的均方誤差，越小越好。',
    );
    const en = regressionSummary(data, ['a', 'b'], 'en');
    expect(format(play.en[en.key], { ...en.params, f: 'f(a, b)' })).toBe(
      'Fit the line IQ = a·(swear factor) + b through the 9 data points: f(a, b) is the line’s mean squared error; lower is better.',
    );
  });
});
