/**
 * How a reference run is named wherever it is drawn: its optimizer (or variant) and its settings, with the common
 * table's keys (opt.*, opt.settings, opt.settingsBeta, opt.variant.*). Pure: the translation comes in.
 */
import { OPTIMIZER_INFO, variantLabelKey } from '../../shared/optimizers.ts';
import type { ReferencePath } from '../../shared/protocol.ts';

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A setting as typed by a person: 0.002, 0.9, 1e-7 (no float noise). */
export const settingText = (v: number): string => String(Number(v.toPrecision(6)));

/** The optimizer's name, or the variant's ("Gradient descent, standardised feature"). */
export function runName(run: Pick<ReferencePath, 'optimizer' | 'variant'>, translate: Translate): string {
  return translate(run.variant ? variantLabelKey(run.variant) : OPTIMIZER_INFO[run.optimizer].labelKey);
}

/** The run's settings: "lr 0.002, 150 steps", with β for momentum. */
export function runSettings(run: Pick<ReferencePath, 'lr' | 'beta' | 'steps'>, translate: Translate): string {
  const params = { lr: settingText(run.lr), steps: run.steps };
  return run.beta === undefined ? translate('opt.settings', params) : translate('opt.settingsBeta', { ...params, beta: settingText(run.beta) });
}

/** Name and settings in one label (chart legends and tooltips). */
export function runLabel(run: Pick<ReferencePath, 'optimizer' | 'variant' | 'lr' | 'beta' | 'steps'>, translate: Translate): string {
  return `${runName(run, translate)} · ${runSettings(run, translate)}`;
}
