/** Styles the board's elements share: sizes in --u (1 % of a 16:9 screen's width) so 720p and 1080p look alike. */
import { css } from 'lit';

export const boardBase = css`
  :host,
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :host {
    color: var(--gd-text);
    font-family: var(--gd-font);
    --b-panel: #16213a;
    --b-line: rgba(148, 163, 184, 0.25);
    --b-soft: #cbd5e1;
    --b-gold: #facc15;
    --b-silver: #e2e8f0;
    --b-bronze: #f59e0b;
  }
  .num {
    font-family: var(--gd-mono);
    font-variant-numeric: tabular-nums;
  }
  .panel {
    background: var(--b-panel);
    border: 1px solid var(--b-line);
    border-radius: calc(var(--u) * 0.8);
    padding: calc(var(--u) * 1) calc(var(--u) * 1.2);
    min-height: 0;
    min-width: 0;
  }
  .panel-title {
    margin: 0 0 calc(var(--u) * 0.6);
    font-size: calc(var(--u) * 1.25);
    font-weight: 700;
    letter-spacing: 0.06em;
    color: var(--b-soft);
    display: flex;
    align-items: baseline;
    gap: calc(var(--u) * 0.8);
  }
  .panel-title .aside {
    margin-left: auto;
    font-weight: 600;
    letter-spacing: 0;
  }
  .team-no {
    display: inline-grid;
    place-items: center;
    min-width: 2.3em;
    padding: 0 0.3em;
    border-radius: 0.35em;
    background: #334155;
    color: #fff;
    font-weight: 800;
    font-family: var(--gd-mono);
    font-variant-numeric: tabular-nums;
    line-height: 1.5;
  }
  .rank {
    font-weight: 800;
    font-family: var(--gd-mono);
    font-variant-numeric: tabular-nums;
    text-align: center;
  }
  .rank[data-rank='1'] { color: var(--b-gold); }
  .rank[data-rank='2'] { color: var(--b-silver); }
  .rank[data-rank='3'] { color: var(--b-bronze); }
  .swatch {
    display: inline-block;
    width: 0.7em;
    height: 0.7em;
    border-radius: 50%;
    flex: none;
  }
  .empty {
    color: var(--b-soft);
    font-size: calc(var(--u) * 1.6);
    text-align: center;
    padding: calc(var(--u) * 2) 0;
  }
  .ellipsis {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
`;

/** The board's tables (leaderboard, settlement, overall): a list that fills its panel, rows sized to fit it. */
export const tableStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    height: 100%;
  }
  .list {
    flex: 1;
    min-height: 0;
    container-type: size;
    display: grid;
    align-content: start;
  }
`;

/** A table row laid out by the element's `--cols`, its font size `--fs` set by the element. */
export const tableRowStyles = css`
  .row {
    display: grid;
    grid-template-columns: var(--cols);
    align-items: center;
    gap: 0.7em;
    font-size: var(--fs);
    height: calc(100cqh / (var(--rows) + 1));
    max-height: 2.2em;
    padding: 0 0.4em;
    border-radius: 0.3em;
  }
`;
