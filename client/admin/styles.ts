import { css } from 'lit';

/** The admin page's shared look: compact controls for a 1366×768 laptop, on the dark high-contrast theme. */
export const adminStyles = css`
  :host {
    display: block;
    color: var(--gd-text);
    font-family: var(--gd-font);
    font-size: 14px;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 0.6rem;
    font-weight: 650;
  }
  h3 {
    font-size: 0.95rem;
    margin: 0 0 0.5rem;
    font-weight: 600;
    color: var(--gd-muted);
  }
  .panel {
    background: var(--gd-panel);
    border: 1px solid #334155;
    border-radius: 10px;
    padding: 0.8rem 1rem;
  }
  button,
  .button {
    font: inherit;
    font-size: 0.9rem;
    padding: 0.35rem 0.75rem;
    border-radius: 6px;
    border: 1px solid #475569;
    background: #334155;
    color: var(--gd-text);
    cursor: pointer;
    white-space: nowrap;
    line-height: 1.3;
  }
  button:hover:not(:disabled) {
    background: #475569;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--gd-accent);
    outline-offset: 1px;
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  button.primary {
    background: #0369a1;
    border-color: #0ea5e9;
  }
  button.primary:hover:not(:disabled) {
    background: #0284c7;
  }
  button.danger {
    background: transparent;
    border-color: #b91c1c;
    color: #fca5a5;
  }
  button.danger:hover:not(:disabled) {
    background: #7f1d1d;
  }
  button.ghost {
    background: transparent;
    border-color: transparent;
    color: var(--gd-muted);
  }
  button.ghost:hover:not(:disabled) {
    color: var(--gd-text);
    background: #334155;
  }
  button.small {
    padding: 0.15rem 0.5rem;
    font-size: 0.82rem;
  }
  input,
  select {
    max-width: 100%;
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 0.9rem;
    color: var(--gd-text);
    background: #0b1222;
    border: 1px solid #475569;
    border-radius: 6px;
    padding: 0.3rem 0.5rem;
    min-width: 0;
  }
  input[type='checkbox'] {
    accent-color: var(--gd-accent);
    width: 1rem;
    height: 1rem;
    vertical-align: middle;
  }
  input[type='number'] {
    font-variant-numeric: tabular-nums;
  }
  textarea,
  .mono {
    font-family: var(--gd-mono);
  }
  label {
    color: var(--gd-muted);
    font-size: 0.85rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    color: var(--gd-text);
    font-size: 0.9rem;
    cursor: pointer;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
  }
  .spacer {
    flex: 1;
  }
  .muted {
    color: var(--gd-muted);
  }
  .error {
    color: #fecaca;
    background: #450a0a;
    border: 1px solid #7f1d1d;
    border-radius: 6px;
    padding: 0.35rem 0.6rem;
    font-size: 0.88rem;
    margin: 0.4rem 0;
  }
  .ok {
    color: var(--gd-good);
    font-size: 0.88rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  th {
    text-align: left;
    font-weight: 600;
    color: var(--gd-muted);
    font-size: 0.8rem;
    padding: 0.3rem 0.45rem;
    border-bottom: 1px solid #475569;
    white-space: nowrap;
  }
  td {
    padding: 0.3rem 0.45rem;
    border-bottom: 1px solid #263244;
    vertical-align: middle;
  }
  td.num,
  th.num {
    text-align: right;
  }
  .badge {
    display: inline-block;
    padding: 0.08rem 0.5rem;
    border-radius: 999px;
    font-size: 0.78rem;
    font-weight: 600;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .status-draft {
    color: #cbd5e1;
  }
  .status-open {
    color: #4ade80;
  }
  .status-paused {
    color: #fbbf24;
  }
  .status-closed {
    color: #f87171;
  }
  .status-revealed {
    color: #c4b5fd;
  }
  .swatch {
    display: inline-block;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    vertical-align: -0.05rem;
    margin-right: 0.35rem;
  }
  .empty {
    color: var(--gd-muted);
    padding: 1rem 0;
    text-align: center;
  }
  .scroll-x {
    overflow-x: auto;
    max-width: 100%;
  }
  /* A table that becomes a list of cards on a phone: each row wraps its cells, labelled by data-label. */
  @media (max-width: 700px) {
    table.stack,
    table.stack tbody {
      display: block;
    }
    table.stack thead {
      display: none;
    }
    table.stack tr {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.7rem;
      padding: 0.45rem 0.1rem;
      border-bottom: 1px solid #263244;
    }
    table.stack td {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 0.2rem 0.35rem;
      border: none;
      padding: 0.1rem 0.15rem;
      min-width: 0;
    }
    table.stack td[data-label]::before {
      content: attr(data-label);
      color: var(--gd-muted);
      font-size: 0.78rem;
    }
    table.stack td.full,
    table.stack td.actions {
      flex-basis: 100%;
    }
    table.stack td.actions {
      text-align: left;
      white-space: normal;
    }
    table.stack td.num {
      text-align: left;
    }
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** Distinct colours on the dark theme, one per team (by position in the number order). */
const TEAM_PALETTE = ['#38bdf8', '#f472b6', '#4ade80', '#fbbf24', '#a78bfa', '#fb923c', '#2dd4bf', '#f87171', '#a3e635', '#e879f9', '#93c5fd', '#fde68a'];

export function teamColor(position: number): string {
  if (position < TEAM_PALETTE.length) return TEAM_PALETTE[position];
  // beyond the palette: golden-angle hues, as hex so a dimmed variant can append an alpha
  const h = ((position * 137.508) % 360) / 360;
  const s = 0.8;
  const l = 0.65;
  const q = l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const u = (t + 1) % 1;
    const v = u < 1 / 6 ? p + (q - p) * 6 * u : u < 1 / 2 ? q : u < 2 / 3 ? p + (q - p) * (2 / 3 - u) * 6 : p;
    return Math.round(v * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(h + 1 / 3)}${channel(h)}${channel(h - 1 / 3)}`;
}

/** Team id → colour, by position in number order (the same colour on every screen of the page). */
export function teamColors(teams: readonly { id: number; number: number }[]): Map<number, string> {
  const sorted = [...teams].sort((a, b) => a.number - b.number);
  return new Map(sorted.map((team, i) => [team.id, teamColor(i)]));
}
