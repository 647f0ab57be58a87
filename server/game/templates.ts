/**
 * Level templates for the admin panel and the demo seed. Server-only: the client bundle must never hold an
 * expression. The reference settings are the hyper-parameters that show each level's lesson, chosen from the
 * measurement in docs/LESSONS.md (npx tsx bench/lessons.ts: from 50 starts over the domain, how often momentum
 * beats GD); the unit tests in tests/unit/templates.test.ts replay them and check the lesson actually happens.
 * GD, momentum and Adam of one level run the same number of steps (the same number of evaluations).
 */
import { lineMseExpression } from '../../shared/line-fit.ts';
import { DEFAULT_BUDGET, DEFAULT_DELAY_MS } from '../../shared/optimizers.ts';

/** Words in both languages. */
export interface Localised {
  en: string;
  'zh-TW': string;
}

export interface LevelTemplate {
  key: string;
  title: Localised;
  /** For the instructor: what the level teaches. Teams never see it. */
  description: Localised;
  /** For everyone, in one line: what the level is (without its lesson). Absent: nothing beyond the title. */
  summary?: Localised;
  expression: string;
  dims: 1 | 2;
  domain: [number, number][];
  start: number[];
  /** Names of the inputs as teams see them; absent: x (and y). The expression always uses x (and y). */
  axes?: [string] | [string, string];
  /** Data shown on the plots: (feature, target) points with the names of the two columns. */
  data?: LevelData;
  delayMs?: number;
  budget?: number | null;
  reference: {
    gd: { lr: number; steps: number };
    momentum: { lr: number; beta: number; steps: number };
    adam: { lr: number; steps: number };
  };
}

/** A level's data set: points (feature, target) and the names of the two columns. */
export interface LevelData {
  columns: [Localised, Localised];
  points: [number, number][];
}

/** The slides' nine (髒話因子 s, IQ) points, in the order of ../shared/DESIGN.md: the level's function and the trained model's data. */
export const REGRESSION_DATA: readonly (readonly [number, number])[] = [
  [15.35, 80],
  [14.35, 81],
  [13.9, 85],
  [10.7, 90],
  [18.4, 91],
  [12.2, 95],
  [15.606, 101],
  [17.7, 102],
  [20.33, 110],
];

/** Mean squared error of IQ = x·s + y over the data, written out term by term so the reveal reads as a sum. */
const REGRESSION_MSE = lineMseExpression(REGRESSION_DATA);

/** The slide's own line IQ = 3.33·(髒話因子) + 50 (MSE ≈ 156.95): level 4's default start, as (a, b). */
export const SLIDE_LINE = { a: 3.33, b: 50 } as const;

const SLIDE_DEFAULTS = { delayMs: DEFAULT_DELAY_MS, budget: DEFAULT_BUDGET } as const;
/** Steps of the default-start runs on the 1-D slide levels: what a team that used its whole budget is compared with. */
const BUDGET_STEPS = DEFAULT_BUDGET - 1;

/** The default game's four levels, in lecture order. */
export const SLIDE_LEVELS: LevelTemplate[] = [
  {
    key: 'bowl',
    title: { en: 'Function 1', 'zh-TW': '函數 1' },
    description: {
      en: 'A convex bowl, slightly lopsided. Follow the slope downhill and you reach the one minimum (x ≈ 2.207).',
      'zh-TW': '一個微微歪斜的凸碗。順著斜率往下走，就會走到唯一的最低點（x ≈ 2.207）。',
    },
    expression: '0.4*(x - 2)^2 + exp(-x/2)',
    dims: 1,
    domain: [[-5, 7]],
    start: [-4],
    ...SLIDE_DEFAULTS,
    reference: {
      // Plain descent works: lr 0.3 is 0.3 × the largest curvature 3.85 = 1.16 < 2, so GD reaches the minimum
      // from all 50 starts in 19 steps; momentum (β 0.5) and Adam too. See docs/LESSONS.md.
      gd: { lr: 0.3, steps: BUDGET_STEPS },
      momentum: { lr: 0.3, beta: 0.5, steps: BUDGET_STEPS },
      adam: { lr: 0.5, steps: BUDGET_STEPS },
    },
  },
  {
    key: 'local-minima',
    title: { en: 'Function 2', 'zh-TW': '函數 2' },
    description: {
      en:
        'Not convex: a wavy bowl with three dips. From x = −4.5 plain descent settles in the first dip ' +
        '(x ≈ −1.23, f ≈ 4.63); momentum with the same learning rate rolls over the hump into the global ' +
        'minimum (x ≈ 1.64, f ≈ −2.60).',
      'zh-TW':
        '非凸函數：有三個凹谷的波浪碗。從 x = −4.5 出發，梯度下降會停在第一個谷（x ≈ −1.23，f ≈ 4.63）；' +
        '同樣學習率加上動量，就能越過山丘，滾進全域最低點（x ≈ 1.64，f ≈ −2.60）。',
    },
    expression: '0.5*(x - 2.5)^2 + 3*cos(2*x)',
    dims: 1,
    domain: [[-5, 6.5]],
    start: [-4.5],
    ...SLIDE_DEFAULTS,
    reference: {
      // Curvature up to 12.9 in the dips: GD at 0.1 is at 65 % of its limit 2/12.9. Momentum with the same lr and
      // β 0.6 beats GD from 11 of 50 starts (ties elsewhere: GD already in the global valley, or both stuck) and
      // loses from none, for any lr from 0.08 to 0.14; β 0.9 wins from 18 but loses from 2 and misses the global
      // minimum from the level's start. Adam needs lr 0.5 to leave the first dip (at 0.3 it is trapped like GD).
      gd: { lr: 0.1, steps: BUDGET_STEPS },
      momentum: { lr: 0.1, beta: 0.6, steps: BUDGET_STEPS },
      adam: { lr: 0.5, steps: BUDGET_STEPS },
    },
  },
  {
    key: 'shelf',
    title: { en: 'Function 3', 'zh-TW': '函數 3' },
    description: {
      en:
        'A slope, then a long flat shelf, then a deep valley (x ≈ 3.0, f ≈ −7.98). On the shelf the slope ' +
        'is almost zero, so plain descent stalls there; momentum keeps the speed it gained on the slope ' +
        'and carries through into the valley ("stuck? rely on inertia").',
      'zh-TW':
        '先是一段下坡，接著一大片平台，平台後面才是深谷（x ≈ 3.0，f ≈ −7.98）。平台上的斜率幾乎是零，' +
        '梯度下降會卡在那裡；動量保留了下坡時累積的速度，一路衝進深谷——卡住靠慣性！',
    },
    expression: '3*log(1 + exp(-2*(x + 2))) - 8*exp(-(x - 3)^2 / 0.8) + 2*log(1 + exp(3*(x - 4.5)))',
    dims: 1,
    domain: [[-5, 6]],
    start: [-4],
    ...SLIDE_DEFAULTS,
    reference: {
      // Curvature 20 at the valley floor: GD at 0.07 is at 70 % of its limit. Every stable GD lr stalls on the shelf;
      // momentum with the same lr and β 0.75 beats GD from 21 of 50 starts and loses from none (β 0.85: from 5);
      // at β 0.7 it no longer carries through from the level's start.
      gd: { lr: 0.07, steps: BUDGET_STEPS },
      momentum: { lr: 0.07, beta: 0.75, steps: BUDGET_STEPS },
      adam: { lr: 1, steps: BUDGET_STEPS },
    },
  },
  {
    key: 'regression',
    title: { en: 'Function 4: the regression line', 'zh-TW': '函數 4：迴歸直線' },
    summary: {
      en: 'The slides’ data: swear factor and IQ of nine people. Guess the line IQ = a·(swear factor) + b; f is its mean squared error.',
      'zh-TW': '投影片的資料：九個人的髒話因子和 IQ。猜一條直線 IQ = a·(髒話因子) + b，f 是它的均方誤差。',
    },
    description: {
      en:
        'The slides’ regression: the mean squared error of IQ = a·(swear factor) + b over the nine data ' +
        'points, as a function of (a, b). Least squares: a ≈ 1.7908, b ≈ 65.2126, MSE ≈ 65.468; ' +
        'the slide’s own line 3.33x + 50 (the start) has MSE ≈ 156.95. The valley is long and narrow ' +
        '(the swear factor is about 15, so f changes about 15 times faster with a than with b): plain descent ' +
        'drops into it and then crawls along it, momentum with the same learning rate slides along the floor ' +
        'faster, and descent on the standardised feature (minus its mean, over its standard deviation) walks ' +
        'straight to the answer in a few steps.',
      'zh-TW':
        '投影片上的迴歸：IQ = a·(髒話因子) + b 在九個資料點上的均方誤差，當成 (a, b) 的函數。' +
        '最小平方法得到 a ≈ 1.7908、b ≈ 65.2126，MSE ≈ 65.468；投影片上的 3.33x + 50（起點）MSE ≈ 156.95。' +
        '這個山谷又長又窄（髒話因子大約是 15，所以 f 對 a 的變化比對 b 快 15 倍左右）：梯度下降先掉進谷底、' +
        '再沿著谷底慢慢爬；同樣學習率加上動量，沿著谷底快得多；把特徵標準化（減平均、除以標準差）之後，' +
        '梯度下降幾步就直直走到答案。',
    },
    expression: REGRESSION_MSE,
    dims: 2,
    domain: [
      [0, 4],
      [30, 100],
    ],
    start: [SLIDE_LINE.a, SLIDE_LINE.b],
    axes: ['a', 'b'],
    data: {
      columns: [
        { en: 'swear factor', 'zh-TW': '髒話因子' },
        { en: 'IQ', 'zh-TW': 'IQ' },
      ],
      points: REGRESSION_DATA.map(([s, iq]) => [s, iq]),
    },
    ...SLIDE_DEFAULTS,
    reference: {
      // Hessian eigenvalues 492.3 and 0.067: GD is stable below 2/492.3 = 0.00406; at 0.002 (half of that) it drops
      // into the valley at once and then crawls along it. Momentum with the same lr and β 0.97 (stable below
      // 2(1 + β)/492.3 = 0.0080) slides along the floor: in 150 steps 67.95 against GD's 72.99. In a team's 19
      // steps nobody gets far along the valley; the standardised run (reveal) shows the cure. See docs/LESSONS.md.
      gd: { lr: 0.002, steps: 150 },
      momentum: { lr: 0.002, beta: 0.97, steps: 150 },
      adam: { lr: 1, steps: 150 },
    },
  },
];

/** Well-known test functions for the admin panel's template picker. */
export const CLASSIC_LEVELS: LevelTemplate[] = [
  {
    key: 'rosenbrock',
    title: { en: 'Rosenbrock’s banana', 'zh-TW': 'Rosenbrock 香蕉函數' },
    description: {
      en: 'A curved, flat-bottomed valley with the minimum f = 0 at (1, 1). Every optimizer finds the valley fast and its floor slowly.',
      'zh-TW': '彎曲、谷底平坦的山谷，最低點在 (1, 1)，f = 0。每種方法都很快找到山谷，但沿著谷底走得很慢。',
    },
    expression: '(1 - x)^2 + 100*(y - x^2)^2',
    dims: 2,
    domain: [
      [-2, 2],
      [-1, 3],
    ],
    start: [-1.5, 2],
    reference: {
      gd: { lr: 0.0005, steps: 60 },
      momentum: { lr: 0.0005, beta: 0.9, steps: 60 },
      adam: { lr: 0.1, steps: 60 },
    },
  },
  {
    key: 'double-well',
    title: { en: 'Double well', 'zh-TW': '雙井' },
    description: {
      en: 'Two wells, the left one deeper (x ≈ −2.09). From x = 3 plain descent stays in the right well; momentum crosses over.',
      'zh-TW': '兩個井，左邊比較深（x ≈ −2.09）。從 x = 3 出發，梯度下降留在右邊的井，動量會翻過去。',
    },
    expression: '(x^2 - 4)^2 / 4 + 0.8*x',
    dims: 1,
    domain: [[-3.5, 3.5]],
    start: [3],
    reference: {
      gd: { lr: 0.02, steps: 60 },
      momentum: { lr: 0.02, beta: 0.9, steps: 60 },
      adam: { lr: 0.1, steps: 60 },
    },
  },
  {
    key: 'rastrigin',
    title: { en: 'Rastrigin (bumpy)', 'zh-TW': 'Rastrigin（坑坑洞洞）' },
    description: {
      en: 'A parabola covered in bumps: a local minimum near every integer, the global one at x = 0. Every local method gets stuck near its start.',
      'zh-TW': '布滿小坑的拋物線：每個整數附近都有一個局部最低點，全域最低點在 x = 0。區域性的方法都會卡在起點附近。',
    },
    expression: 'x^2 + 10 - 10*cos(2*pi*x)',
    dims: 1,
    domain: [[-5.12, 5.12]],
    start: [4.2],
    reference: {
      gd: { lr: 0.002, steps: 60 },
      momentum: { lr: 0.002, beta: 0.9, steps: 60 },
      adam: { lr: 0.1, steps: 60 },
    },
  },
];
