/** The words the team page puts on reference runs and teams, in the page's language (shared/i18n/common.ts keys). */
import { OPTIMIZER_INFO, variantLabelKey } from '../../shared/optimizers.ts';
import type { ReferencePath } from '../../shared/protocol.ts';
import { num, t } from '../common/i18n.ts';

type RunLike = Pick<ReferencePath, 'optimizer' | 'lr' | 'beta' | 'steps'> & { variant?: ReferencePath['variant'] | null };

/** The run's name: "Gradient descent", or its variant's ("Gradient descent, standardised feature"). */
export function runName(run: Pick<RunLike, 'optimizer' | 'variant'>): string {
  return t(run.variant ? variantLabelKey(run.variant) : OPTIMIZER_INFO[run.optimizer].labelKey);
}

/** The run's settings: "lr 0.1, 19 steps" (with β for momentum). */
export function runSettings(run: RunLike): string {
  const params = { lr: num(run.lr), steps: run.steps, ...(run.beta !== undefined ? { beta: num(run.beta) } : {}) };
  return t(run.beta !== undefined ? 'opt.settingsBeta' : 'opt.settings', params);
}

/** The colour of the run's line and marks (shared/optimizers.ts: the same on every page). */
export function runColour(run: Pick<RunLike, 'optimizer'>): string {
  return OPTIMIZER_INFO[run.optimizer].colour;
}

/** A team as the class reads it: its own name, or "Team 3" in the page's language when it has none. */
export function teamName(team: { number: number; name: string }): string {
  return team.name.trim() !== '' ? team.name.trim() : t('team.defaultName', { number: team.number });
}
