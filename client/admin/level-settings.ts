/**
 * A level's title, delay and budget as the admin forms hold them (text as typed) and read them back: one
 * formatter, one conversion and one validation for the level editor and the running-level edit.
 */
import { MAX_BUDGET, MAX_DELAY_MS } from '../../shared/optimizers.ts';
import type { LevelBody } from '../../shared/protocol.ts';
import { t } from '../common/i18n.ts';

/** The fields of a form that sets a level's title, delay (in seconds) and budget. */
export interface SettingsDraft {
  title: string;
  delayS: string;
  budget: string;
  unlimited: boolean;
}

/** The delay and budget as stored (a level, a game's defaults, or a template, which may leave either out). */
export interface StoredSettings {
  delayMs?: number;
  budget?: number | null;
}

/** What the forms send for these fields. */
export type SettingsFields = Pick<LevelBody, 'title' | 'delayMs' | 'budget'>;

/** A number for an input's value: at most 12 significant digits, so 0.1 + 0.2 shows as 0.3. */
export const numberText = (v: number): string => String(Number(v.toPrecision(12)));

/** The delay and budget fields for stored values; a value left out keeps the field of `fallback`. */
export function settingsDraft(
  stored: StoredSettings,
  fallback: Omit<SettingsDraft, 'title'> = { delayS: '', budget: '', unlimited: false },
): Omit<SettingsDraft, 'title'> {
  const { delayMs, budget } = stored;
  return {
    delayS: delayMs === undefined ? fallback.delayS : numberText(delayMs / 1000),
    budget: budget === undefined ? fallback.budget : budget === null ? '' : String(budget),
    unlimited: budget === undefined ? fallback.unlimited : budget === null,
  };
}

/** The title, delay and budget as typed, or a message saying which is wrong. */
export function readSettings(draft: SettingsDraft): SettingsFields | string {
  const title = draft.title.trim();
  if (!title) return t('admin.level.titleNeeded');
  const delay = Number(draft.delayS);
  if (draft.delayS.trim() === '' || !Number.isFinite(delay) || delay < 0 || delay > MAX_DELAY_MS / 1000) return t('admin.level.delayRange');
  let budget: number | null = null;
  if (!draft.unlimited) {
    budget = Number(draft.budget);
    if (!Number.isInteger(budget) || budget < 1 || budget > MAX_BUDGET) return t('admin.level.budgetRange');
  }
  return { title, delayMs: Math.round(delay * 1000), budget };
}
