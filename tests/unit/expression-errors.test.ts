import { describe, expect, it } from 'vitest';
import { analyseDefinition, analyseLevel, checkDomain, compileLevelFunction } from '../../server/math/expression.ts';
import { GameError } from '../../shared/errors.ts';
import { LEVEL_ERROR_REASONS, type LevelErrorCode } from '../../shared/expression-errors.ts';

const SEED = Number(process.env.MATH_TEST_SEED ?? 7331);
console.log(`expression-errors.test.ts: random inputs from seed ${SEED} (set MATH_TEST_SEED to change it)`);

type Examples = { [C in LevelErrorCode]: { [R in keyof (typeof LEVEL_ERROR_REASONS)[C]]: () => unknown } };

const define = (expression: string, domain: unknown, start?: number | number[]) => (): unknown => analyseDefinition({ expression, domain, start });

// One way to meet each listed reason; the type makes a new reason without an example a compile error.
const EXAMPLES: Examples = {
  INVALID_EXPRESSION: {
    EMPTY: define(' ', [[0, 1]]),
    TOO_LONG: define('x+'.repeat(1000) + 'x', [[0, 1]]),
    TOO_DEEP: define(`${'('.repeat(50)}x${')'.repeat(50)}`, [[0, 1]]),
    TOO_MANY_NODES: define(Array(600).fill('x').join('+'), [[0, 1]]),
    PARSE: define('2*(x', [[0, 1]]),
    UNKNOWN_VARIABLE: define('x + z', [[0, 1]]),
    VARIABLE_NOT_IN_1D: define('x + y', [[0, 1]]),
    FUNCTION_AS_VARIABLE: define('sin + x', [[0, 1]]),
    UNIT: define('5 cm', [[0, 1]]),
    UNKNOWN_FUNCTION: define('foo(x)', [[0, 1]]),
    FUNCTION_NOT_ALLOWED: define('evaluate("x")', [[0, 1]]),
    ARGUMENT_COUNT: define('sin(x, 2)', [[0, 1]]),
    OPERATOR_NOT_ALLOWED: define('x!', [[0, 1]]),
    NOT_ALLOWED: define('x = 1', [[0, 1]]),
    NOT_FINITE: define('log(x)', [[-1, 1]]),
    GRADIENT_NOT_FINITE: define('sqrt(x)', [[0, 1]]),
    POLE: define('1/(x - 0.00123)', [[-1, 1]]),
    GRADIENT_POLE: define('(x - 0.30017)^(1/3)', [[0, 1]]),
    // Only analyseLevel alone meets this one: the finiteness check refuses such an f first.
    NOWHERE_FINITE: () => analyseLevel(compileLevelFunction('log(x)', 1), [[-2, -1]]),
    TOO_SLOW: () => {
      let t = 0;
      return analyseDefinition({ expression: 'x', domain: [[0, 1]] }, { now: () => (t += 5) });
    },
  },
  INVALID_DOMAIN: {
    DIMENSIONS: () => checkDomain([[0, 1]], 3 as 1),
    NOT_A_LIST: define('x', 'x'),
    INTERVAL_COUNT: () => checkDomain([[0, 1]], 2),
    BAD_INTERVAL: define('x', [[0]]),
    NOT_FINITE_BOUND: define('x', [[0, 'a']]),
    EMPTY_INTERVAL: define('x', [[1, 0]]),
    TOO_WIDE: define('x', [[-1.7e308, 1.7e308]]),
  },
  INVALID_BODY: {
    BAD_START: define('x', [[0, 1]], [1, 2]),
  },
};

function refusal(run: () => unknown): GameError {
  try {
    run();
  } catch (err) {
    if (err instanceof GameError) return err;
    throw err;
  }
  throw new Error('expected a GameError, nothing was thrown');
}

/** The error carries a listed reason of its code, with exactly the listed params. */
function expectListed(err: GameError): void {
  const reasons = LEVEL_ERROR_REASONS[err.code as LevelErrorCode] as Record<string, readonly string[]> | undefined;
  expect(reasons, `${err.code}: ${err.message}`).toBeDefined();
  const reason = String(err.detail.reason);
  expect(Object.keys(reasons ?? {}), `${err.code} ${reason}: ${err.message}`).toContain(reason);
  expect(Object.keys(err.detail.params ?? {}).sort()).toEqual([...(reasons?.[reason] ?? [])].sort());
  for (const value of Object.values(err.detail.params ?? {})) expect(['string', 'number']).toContain(typeof value);
}

describe('LEVEL_ERROR_REASONS', () => {
  for (const [code, reasons] of Object.entries(LEVEL_ERROR_REASONS)) {
    for (const reason of Object.keys(reasons)) {
      it(`${code} / ${reason} is thrown, with its listed params`, () => {
        const err = refusal(EXAMPLES[code as LevelErrorCode][reason as never] as () => unknown);
        expect(err.code).toBe(code);
        expect(err.detail.reason).toBe(reason);
        expectListed(err);
      });
    }
  }

  it('are UPPER_SNAKE, with camelCase params', () => {
    for (const reasons of Object.values(LEVEL_ERROR_REASONS)) {
      for (const [reason, params] of Object.entries(reasons)) {
        expect(reason).toMatch(/^[A-Z][A-Z0-9_]*$/);
        for (const p of params as readonly string[]) expect(p).toMatch(/^[a-z][a-zA-Z]*$/);
      }
    }
  });

  it('cover every refusal of 2 000 random inputs (garbage text, odd domains, bad starts)', () => {
    let state = SEED >>> 0;
    const rand = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const pieces = ['x', 'y', 'z', '1', '0', '-', '+', '*', '/', '^', '(', ')', '[', ']', ',', ' ', 'log(', 'sin(', 'max(', 'pi', 'e', '!', '=', ';', '"', '.', 'cm', 'foo(', '?', ':', '1/(x-0.3)', 'sqrt(', 'tan('];
    const domains: unknown[] = [[[0, 1]], [[-1, 1]], [[-1, 1], [-1, 1]], [[1, 0]], 'x', [[0, Number.NaN]], [[0]], [[0, 1], [0, 1], [0, 1]], [[-5, 5]]];
    const starts = [undefined, 0.5, [0.5], [0.5, 0.5], [Number.NaN], 'a' as never];
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const expression = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(pieces)).join('');
      try {
        analyseDefinition({ expression, domain: pick(domains), start: pick(starts) });
      } catch (err) {
        if (!(err instanceof GameError)) throw new Error(`${JSON.stringify(expression)}: ${String(err)}`);
        refused += 1;
        expectListed(err);
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });
});
