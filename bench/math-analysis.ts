/**
 * What analysing a level costs, on the main thread (the worker runs the same code): the shipped levels, the
 * expressions that once stalled the server, and the largest expression allowed; then one f and one gradient on
 * the tape against mathjs's compiled evaluate, side by side in the same run.
 *
 *   npx tsx bench/math-analysis.ts
 */
import { all, create } from 'mathjs';
import { analyseDefinition, compileLevelFunction, gradientCost, GRADIENT_BUDGET_MS, type LevelDefinition } from '../server/math/expression.ts';
import { CLASSIC_LEVELS, SLIDE_LEVELS } from '../server/game/templates.ts';
import { GameError } from '../shared/errors.ts';

const powers = (n: number): string => Array.from({ length: n }, (_, i) => `x^${i + 1}`).join(', ');
const LARGEST = Array.from({ length: 98 }, (_, k) => `sin(${k + 1}*x+y/${k + 2})`).join('+');

const CASES: [label: string, definition: LevelDefinition][] = [
  ...[...SLIDE_LEVELS, ...CLASSIC_LEVELS].map((t): [string, LevelDefinition] => [t.key, { expression: t.expression, domain: t.domain }]),
  ['max of 9 powers (9.4 s before)', { expression: `max(${powers(9)})`, domain: [[-1, 1]] }],
  ['max of 16 powers', { expression: `max(${powers(16)})`, domain: [[-1, 1]] }],
  ['x^(1/3) on [−2, −0.1] (37–67 s before)', { expression: 'x^(1/3)', domain: [[-2, -0.1]] }],
  ['1/(x − 0.00123) (accepted before)', { expression: '1/(x - 0.00123)', domain: [[-1, 1]] }],
  ['2-D point pole', { expression: '1/((x - 0.3123)^2 + (y - 0.7123)^2)', domain: [[0, 1], [0, 1]] }],
  ['largest 2-D expression (98 sines)', { expression: LARGEST, domain: [[-1, 1], [-1, 1]] }],
];

const ms = (t: number): string => `${t.toFixed(1).padStart(8)} ms`;

console.log('Analysis on the main thread (first run includes JIT warm-up; second run shown):');
for (const [label, definition] of CASES) {
  let verdict = '';
  let took = 0;
  for (let run = 0; run < 2; run++) {
    const t0 = performance.now();
    try {
      const level = analyseDefinition(definition);
      verdict = `accepted, f* = ${level.fStar.toPrecision(8)}`;
    } catch (err) {
      if (!(err instanceof GameError)) throw err;
      verdict = `${err.detail.reason} ${JSON.stringify(err.detail.params)}`;
    }
    took = performance.now() - t0;
  }
  const dims = Array.isArray(definition.domain) && definition.domain.length === 2 ? 2 : 1;
  let cost = '';
  try {
    const fn = compileLevelFunction(definition.expression, dims);
    cost = `gradient ${(gradientCost(fn, definition.domain as [number, number][]) * 1000).toFixed(1)} µs (budget ${GRADIENT_BUDGET_MS * 1000} µs)`;
  } catch {
    cost = '';
  }
  console.log(`  ${label.padEnd(40)} ${ms(took)}  ${cost.padEnd(36)} ${verdict}`);
}

// One evaluation, tape against mathjs compiled evaluate, interleaved so a busy machine weighs on both alike.
const reference = create(all, { predictable: true });
console.log('\nOne evaluation, fastest of 15 rounds of 20 000 (tape f, tape f + gradient, mathjs f, mathjs f + symbolic gradient):');
for (const t of [SLIDE_LEVELS[2], SLIDE_LEVELS[3]]) {
  const fn = compileLevelFunction(t.expression, t.dims);
  const variables = ['x', 'y'].slice(0, t.dims);
  const code = reference.parse(t.expression).compile();
  const derivatives = variables.map((v) => reference.derivative(t.expression, v, { simplify: false }).compile());
  const scope = new Map<string, number>();
  const N = 20_000;
  const rounds: Record<string, number[]> = { 'tape f': [], 'tape f+grad': [], 'mathjs f': [], 'mathjs f+grad': [] };
  const point = t.domain.map(([lo]) => lo);
  const at = (i: number): number[] => {
    point[0] = t.domain[0][0] + ((t.domain[0][1] - t.domain[0][0]) * i) / N;
    return point;
  };
  const bind = (p: number[]): void => variables.forEach((v, k) => scope.set(v, p[k]));
  const timed = (name: string, body: (i: number) => void): void => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) body(i);
    rounds[name].push(((performance.now() - t0) / N) * 1000);
  };
  for (let r = 0; r < 15; r++) {
    timed('tape f', (i) => fn.f(at(i)));
    timed('tape f+grad', (i) => fn.grad(at(i)));
    timed('mathjs f', (i) => {
      bind(at(i));
      code.evaluate(scope);
    });
    timed('mathjs f+grad', (i) => {
      bind(at(i));
      code.evaluate(scope);
      for (const d of derivatives) d.evaluate(scope);
    });
  }
  const best = Object.fromEntries(Object.entries(rounds).map(([k, v]) => [k, Math.min(...v)]));
  console.log(
    `  ${t.key.padEnd(12)} ${Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(2)} µs`).join(', ')}; ` +
      `gradient ${(best['mathjs f+grad'] / best['tape f+grad']).toFixed(1)}× faster on the tape`,
  );
}
