/**
 * How a level speaks of its inputs: the names of its axes (x, or a and b on the regression level) in the
 * expression, at points, on the chart's axes, and the one line that says what a regression level is. Pure: the
 * caller translates and formats numbers.
 */
import type { LocalisedText, PublicLevel } from '../../shared/protocol.ts';
import type { Locale } from '../../shared/i18n/index.ts';
import type { Phrase } from './runs.ts';

const DEFAULT_AXES = ['x', 'y'];

/** The level's input names, one per dimension (x and y unless the level names its own). */
export function axisNames(level: Pick<PublicLevel, 'dims' | 'axes'>): string[] {
  return Array.from({ length: level.dims }, (_, d) => level.axes?.[d] || DEFAULT_AXES[d]);
}

/**
 * The expression as the class reads it, in the level's own names: the regression's "(80 - (15.35*x + y))^2"
 * becomes "(80 - (15.35*a + b))^2". Only the variables x and y change (exp, max… stay; 2x becomes 2a).
 */
export function displayExpression(expression: string, axes: readonly string[]): string {
  const names: Record<string, string> = { x: axes[0] ?? 'x', y: axes[1] ?? 'y' };
  if (names.x === 'x' && names.y === 'y') return expression;
  return expression.replace(/(?<![A-Za-z_])([xy])(?![A-Za-z0-9_(])/g, (_, v: string) => names[v]);
}

/** "f(x)" or "f(a, b)". */
export function functionOf(axes: readonly string[]): string {
  return `f(${axes.join(', ')})`;
}

/** A point in the level's names: "x ≈ 1.13" or "(a, b) ≈ (1.79, 65.2)"; `sign` is ≈ or =. */
export function pointText(at: readonly number[], axes: readonly string[], fmt: (v: number) => string, sign = '≈'): string {
  if (at.length === 1) return `${axes[0]} ${sign} ${fmt(at[0])}`;
  return `(${axes.join(', ')}) ${sign} (${at.map(fmt).join(', ')})`;
}

/** A column name in the page's language (the other one when it is blank). */
export function localised(text: LocalisedText, locale: Locale): string {
  return (text[locale] || text.en || text['zh-TW']).trim();
}

/**
 * The one line that says what a regression level is, from its data's columns and its axes: "The data: 9 points
 * (swear factor, IQ). Guess the line IQ = a·swear factor + b; f is its mean squared error." Null without data.
 */
export function levelSummary(level: Pick<PublicLevel, 'dims' | 'axes' | 'data'>, locale: Locale): Phrase | null {
  if (!level.data || level.dims !== 2) return null;
  const [a, b] = axisNames(level);
  return {
    key: 'board.data.summary',
    params: {
      n: level.data.points.length,
      feature: localised(level.data.columns[0], locale),
      target: localised(level.data.columns[1], locale),
      a,
      b,
    },
  };
}
