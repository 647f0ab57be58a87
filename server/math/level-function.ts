/** A level function compiled once: f and its exact gradient from one tape (server/math/tape.ts). */
import { GameError } from '../../shared/errors.ts';
import type { Vec } from './domain.ts';
import type { MathNode } from './mathjs.ts';
import { VARIABLES, parseLevelExpression } from './parse.ts';
import { Tape } from './tape.ts';

/** A compiled level function: f and its gradient over `dims` variables. */
export interface LevelFunction {
  expression: string;
  dims: 1 | 2;
  node: MathNode;
  f(p: Vec): number;
  grad(p: Vec): number[];
  /** f and its gradient from one pass of the tape (what a guess needs). */
  valueAndGrad(p: Vec): { fx: number; grad: number[] };
}

const tapes = new WeakMap<LevelFunction, Tape>();

/** The tape behind a level function (compiled again from its tree when the function was built elsewhere). */
export function tapeOf(fn: LevelFunction): Tape {
  let tape = tapes.get(fn);
  if (!tape) {
    tape = new Tape(fn.node, VARIABLES[fn.dims]);
    tapes.set(fn, tape);
  }
  return tape;
}

/** Parses, checks and compiles a level expression with its gradient; throws INVALID_EXPRESSION. Cheap and synchronous. */
export function compileLevelFunction(expression: string, dims: 1 | 2): LevelFunction {
  if (dims !== 1 && dims !== 2) throw new GameError('INVALID_DOMAIN', 'a level has 1 or 2 dimensions', { reason: 'DIMENSIONS', params: {} });
  const node = parseLevelExpression(expression, dims);
  const tape = new Tape(node, VARIABLES[dims]);
  const check = (p: Vec): void => {
    if (p.length !== dims) throw new RangeError(`expected a point with ${dims} coordinate(s), got ${p.length}`);
  };
  const fn: LevelFunction = {
    expression,
    dims,
    node,
    f(p) {
      check(p);
      return tape.value(p);
    },
    grad(p) {
      return fn.valueAndGrad(p).grad;
    },
    valueAndGrad(p) {
      check(p);
      const grad = new Array<number>(dims);
      const fx = tape.valueAndGradient(p, grad);
      return { fx, grad };
    },
  };
  tapes.set(fn, tape);
  return fn;
}
