/** GameErrors for level definitions, each with a reason and params from shared/expression-errors.ts. */
import { GameError } from '../../shared/errors.ts';
import type { LevelErrorCode, LevelErrorParams, LevelErrorReason } from '../../shared/expression-errors.ts';

export function levelError<C extends LevelErrorCode, R extends LevelErrorReason<C>>(
  code: C,
  reason: R,
  params: LevelErrorParams<C, R>,
  message: string,
): GameError {
  return new GameError(code, message, { reason, params: params as Record<string, string | number> });
}

/** Throws INVALID_EXPRESSION with a reason. */
export function refuse<R extends LevelErrorReason<'INVALID_EXPRESSION'>>(reason: R, params: LevelErrorParams<'INVALID_EXPRESSION', R>, message: string): never {
  throw levelError('INVALID_EXPRESSION', reason, params, message);
}

/** A point as the `x` param: numbers only, 6 significant digits (`0.00123`, `(0.5, 1)`). */
export function pointParam(p: readonly number[]): string {
  const shown = p.map((v) => String(Number(v.toPrecision(6))));
  return p.length === 1 ? shown[0] : `(${shown.join(', ')})`;
}

/** A point as English prose: `x = 0.00123`, `(x, y) = (0.5, 1)`. */
export function pointText(p: readonly number[]): string {
  return p.length === 1 ? `x = ${pointParam(p)}` : `(x, y) = ${pointParam(p)}`;
}
