/** The reference settings of a level: its template's when it is one, else suggested from its curvature. */
import type { LevelFunction } from '../math/expression.ts';
import { CLASSIC_LEVELS, SLIDE_LEVELS, type LevelTemplate } from '../game/templates.ts';
import { suggestReference, type ReferenceSettings } from './defaults.ts';

type Box = readonly (readonly [number, number])[];

const squeeze = (e: string): string => e.replace(/\s+/g, '');

/** The template whose expression this is (spaces aside), if any. */
export function templateOf(expression: string): LevelTemplate | undefined {
  const wanted = squeeze(expression);
  return [...SLIDE_LEVELS, ...CLASSIC_LEVELS].find((t) => squeeze(t.expression) === wanted);
}

/** The settings that show a level's lesson: its template's when it is one, else suggested from its curvature. */
export function referenceSettings(level: { expression: string; domain: Box; start: readonly number[] }, fn: LevelFunction): ReferenceSettings {
  return templateOf(level.expression)?.reference ?? suggestReference(fn, level.domain, level.start);
}
