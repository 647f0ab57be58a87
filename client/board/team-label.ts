import { html } from 'lit';
import { t } from '../common/i18n.ts';

/**
 * Whether a team has its default name: stored as '' (the server's way), or as the server used to store it before
 * names were localised ("Team 3"), so that old games read in the board's language too.
 */
function isDefault(number: number, name: string): boolean {
  const trimmed = name.trim();
  return trimmed === '' || trimmed === `Team ${number}`;
}

/** A team's name for sentences: its own name, or "Team 3" / "第 3 隊" in the board's language for default names. */
export function teamName(number: number, name: string): string {
  return isDefault(number, name) ? t('team.defaultName', { number }) : name.trim();
}

/** A team as the class knows it: its number in a badge, then its name. */
export function teamLabel(number: number, name: string, colour?: string) {
  return html`<span class="team">
    <span class="team-no" style=${colour ? `box-shadow: inset 0 -0.24em 0 ${colour}` : ''}>${number}</span>
    <span class="team-name ellipsis">${teamName(number, name)}</span>
  </span>`;
}
