import { describe, expect, it } from 'vitest';
import {
  ADAM_DEFAULTS,
  DEFAULT_BUDGET,
  DEFAULT_DELAY_MS,
  DEFAULT_LOGIN_DELAY_MS,
  MOMENTUM_DEFAULT_BETA,
  OPTIMIZER_INFO,
  OPTIMIZERS,
  optimizerColour,
  variantLabelKey,
} from '../../shared/optimizers.ts';
import { common } from '../../shared/i18n/common.ts';
import { SLIDE_LEVELS } from '../../server/game/templates.ts';

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('shared/optimizers.ts', () => {
  it('describes gd, momentum and adam, in the protocol’s order', () => {
    expect(Object.keys(OPTIMIZER_INFO)).toEqual([...OPTIMIZERS]);
    for (const id of OPTIMIZERS) expect(OPTIMIZER_INFO[id].id).toBe(id);
  });

  it('gives each optimizer one hex colour, distinct, readable on the dark projector and on a white phone (≥ 3:1)', () => {
    const colours = OPTIMIZERS.map(optimizerColour);
    expect(new Set(colours).size).toBe(3);
    for (const colour of colours) {
      expect(colour).toMatch(/^#[0-9a-fA-F]{6}$/);
      expect(contrast(colour, '#0f172a')).toBeGreaterThanOrEqual(3);
      expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(3);
    }
  });

  it('names each optimizer by an i18n key that both languages have', () => {
    for (const id of OPTIMIZERS) {
      const key = OPTIMIZER_INFO[id].labelKey;
      expect(common.en[key]).toBeTruthy();
      expect(common['zh-TW'][key]).toBeTruthy();
    }
    expect(variantLabelKey('standardised')).toBe('opt.variant.standardised');
  });

  it('holds the level defaults the slide levels use, and tf’s optimizer constants', () => {
    expect(DEFAULT_BUDGET).toBe(20);
    expect(DEFAULT_DELAY_MS).toBe(10_000);
    expect(DEFAULT_LOGIN_DELAY_MS).toBe(10_000);
    for (const t of SLIDE_LEVELS) expect([t.budget, t.delayMs]).toEqual([DEFAULT_BUDGET, DEFAULT_DELAY_MS]);
    expect(MOMENTUM_DEFAULT_BETA).toBe(0.9);
    expect(ADAM_DEFAULTS).toEqual({ beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    for (const id of OPTIMIZERS) {
      expect(OPTIMIZER_INFO[id].defaults.steps).toBe(DEFAULT_BUDGET - 1);
      expect(OPTIMIZER_INFO[id].defaults.lr).toBeGreaterThan(0);
    }
    expect(OPTIMIZER_INFO.momentum.defaults.beta).toBe(MOMENTUM_DEFAULT_BETA);
  });
});
