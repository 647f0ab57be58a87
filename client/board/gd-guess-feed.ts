import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { FeedItem } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import { clockTime, coords } from '../common/format.ts';
import { pointText } from './level-text.ts';
import { teamLabel } from './team-label.ts';

/** Guesses as they arrive, newest on top: team and time, and the values when the instructor allows them. */
export class GdGuessFeed extends LitElement {
  static override properties = {
    items: { attribute: false },
    axes: { attribute: false },
    limit: { type: Number },
  };
  declare items: FeedItem[];
  /** The level's input names: "x = 1.5", or "(a, b) = (1.8, 65)" on the regression level. */
  declare axes: string[];
  declare limit: number;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.items = [];
    this.axes = ['x'];
    this.limit = 8;
  }

  static override styles = [
    boardBase,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        height: 100%;
      }
      ol {
        flex: 1;
        min-height: 0;
        margin: 0;
        padding: 0;
        list-style: none;
        overflow: hidden;
        display: grid;
        align-content: start;
        gap: calc(var(--u) * 0.35);
        mask-image: linear-gradient(to bottom, #000 70%, transparent);
      }
      li {
        display: grid;
        grid-template-columns: auto minmax(0, max-content) minmax(max-content, 1fr);
        align-items: center;
        gap: 0.6em;
        font-size: calc(var(--u) * 1.45);
        padding: 0.15em 0.3em;
        border-radius: 0.3em;
        animation: arrive 0.7s ease-out;
      }
      @keyframes arrive {
        from {
          background: rgba(56, 189, 248, 0.35);
          transform: translateX(-0.6em);
          opacity: 0;
        }
        to {
          background: transparent;
          transform: none;
          opacity: 1;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        li {
          animation: none;
        }
      }
      time {
        color: var(--b-soft);
        font-family: var(--gd-mono);
        font-variant-numeric: tabular-nums;
        font-size: 0.85em;
      }
      .team {
        display: flex;
        align-items: center;
        gap: 0.4em;
        min-width: 0;
        font-weight: 700;
      }
      .what {
        text-align: right;
        color: var(--b-soft);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .what .num {
        color: var(--gd-text);
        font-weight: 700;
      }
      .what .fx {
        color: var(--gd-good);
      }
    `,
  ];

  private what(item: FeedItem) {
    if (item.x === undefined) return t('board.feed.guessed');
    const x = html`<span class="num">${pointText(coords(item.x), this.axes, (v) => num(v, 2), '=')}</span>`;
    if (item.fx === undefined) return x;
    return html`${x} → f = <span class="num fx">${num(item.fx, 2)}</span>`;
  }

  override render() {
    const items = this.items.slice(0, this.limit);
    return html`<h2 class="panel-title">${t('board.feed.title')}</h2>
      ${items.length === 0
        ? html`<div class="empty">${t('board.feed.empty')}</div>`
        : html`<ol data-testid="feed">
            ${repeat(
              items,
              (item) => `${item.teamId}|${item.at}|${item.fx ?? ''}`,
              (item) => html`<li>
                <time datetime=${item.at}>${clockTime(item.at)}</time>
                ${teamLabel(item.number, item.name)}
                <span class="what">${this.what(item)}</span>
              </li>`,
            )}
          </ol>`}`;
  }
}
customElements.define('gd-guess-feed', GdGuessFeed);

declare global {
  interface HTMLElementTagNameMap {
    'gd-guess-feed': GdGuessFeed;
  }
}
