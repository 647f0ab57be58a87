import { LitElement, css, html, nothing } from 'lit';
import type { OverallEntry } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import { teamName } from './team-label.ts';

const CONFETTI = ['#facc15', '#38bdf8', '#4ade80', '#f472b6', '#fb923c', '#a78bfa'];

/** The end of the game: the top three on a podium (2 · 1 · 3), the next places below. */
export class GdPodium extends LitElement {
  static override properties = {
    entries: { attribute: false },
    gameTitle: { type: String },
  };
  declare entries: OverallEntry[];
  declare gameTitle: string;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.entries = [];
    this.gameTitle = '';
  }

  static override styles = [
    boardBase,
    css`
      :host {
        display: flex;
        flex-direction: column;
        align-items: center;
        height: 100%;
        min-height: 0;
        position: relative;
        overflow: hidden;
      }
      h1,
      .sub,
      .stage,
      .rest {
        position: relative;
        z-index: 1;
      }
      h1 {
        margin: calc(var(--u) * 1) 0 0;
        font-size: calc(var(--u) * 3.6);
        font-weight: 900;
        letter-spacing: 0.04em;
      }
      .sub {
        font-size: calc(var(--u) * 1.5);
        color: var(--b-soft);
      }
      .stage {
        flex: 1;
        min-height: 0;
        display: grid;
        grid-template-columns: repeat(3, calc(var(--u) * 22));
        align-items: end;
        gap: calc(var(--u) * 1.2);
        padding-top: calc(var(--u) * 1);
      }
      .place {
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: flex-end;
        height: 100%;
        min-width: 0;
      }
      .who {
        text-align: center;
        animation: fade 0.8s ease-out backwards;
        animation-delay: calc(var(--delay) + 0.6s);
        max-width: 100%;
      }
      .name {
        font-size: calc(var(--u) * 2.6);
        font-weight: 900;
        line-height: 1.15;
        overflow-wrap: anywhere;
      }
      .first .name {
        font-size: calc(var(--u) * 3.3);
      }
      .pts {
        font-family: var(--gd-mono);
        font-size: calc(var(--u) * 1.9);
        font-weight: 800;
        color: var(--b-gold);
        margin-bottom: calc(var(--u) * 0.6);
      }
      .block {
        width: 100%;
        height: var(--h);
        border-radius: calc(var(--u) * 0.6) calc(var(--u) * 0.6) 0 0;
        display: grid;
        place-items: start center;
        padding-top: calc(var(--u) * 0.8);
        font-size: calc(var(--u) * 6);
        font-weight: 900;
        color: rgba(2, 6, 23, 0.85);
        transform-origin: bottom;
        animation: rise 0.9s cubic-bezier(0.2, 0.8, 0.2, 1) backwards;
        animation-delay: var(--delay);
      }
      .first .block {
        background: linear-gradient(#fde047, #ca8a04);
      }
      .second .block {
        background: linear-gradient(#f1f5f9, #94a3b8);
      }
      .third .block {
        background: linear-gradient(#fdba74, #c2410c);
      }
      .rest {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: calc(var(--u) * 0.6) calc(var(--u) * 2);
        padding: calc(var(--u) * 1) 0 calc(var(--u) * 0.4);
        font-size: calc(var(--u) * 1.6);
        border-top: 2px solid var(--b-line);
        width: 80%;
      }
      .rest span b {
        font-family: var(--gd-mono);
        color: var(--b-soft);
        margin-right: 0.3em;
      }
      .rest .num {
        color: var(--b-gold);
        margin-left: 0.4em;
      }
      @keyframes rise {
        from {
          transform: scaleY(0);
        }
      }
      @keyframes fade {
        from {
          opacity: 0;
          transform: translateY(0.5em);
        }
      }
      .confetti {
        position: absolute;
        inset: 0;
        pointer-events: none;
      }
      .confetti i {
        position: absolute;
        top: -3vh;
        width: calc(var(--u) * 0.6);
        height: calc(var(--u) * 1);
        border-radius: 2px;
        opacity: 0;
        animation: fall var(--t) linear var(--d) 2;
      }
      @keyframes fall {
        0% {
          opacity: 1;
          transform: translateY(0) rotate(0);
        }
        100% {
          opacity: 1;
          transform: translateY(110vh) rotate(var(--r));
        }
      }
      /* A phone: the three places share the width; the stage keeps a height of its own. */
      @media (max-aspect-ratio: 4/5) {
        .stage {
          grid-template-columns: repeat(3, minmax(0, 1fr));
          width: 100%;
          min-height: 60vh;
        }
        .name,
        .first .name {
          font-size: calc(var(--u) * 2.4);
        }
        .block {
          font-size: calc(var(--u) * 4);
        }
        .rest {
          width: 100%;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .block,
        .who {
          animation: none;
        }
        .confetti {
          display: none;
        }
      }
    `,
  ];

  private place(entry: OverallEntry | undefined, cls: string, height: number, delay: number) {
    if (!entry) return html`<div class="place"></div>`;
    return html`<div class="place ${cls}" style="--delay:${delay}s" data-testid="podium-${cls}">
      <div class="who">
        <div class="name">${teamName(entry.number, entry.name)}</div>
        <div class="pts">${t('board.points', { n: entry.points })}</div>
      </div>
      <div class="block" style="--h:${height}%">${entry.rank}</div>
    </div>`;
  }

  private confetti() {
    // Deterministic pseudo-random pieces: the same picture on every render.
    return html`<div class="confetti" aria-hidden="true">
      ${Array.from({ length: 70 }, (_, i) => {
        const r = (k: number) => ((Math.sin(i * 12.9898 + k * 78.233) * 43758.5453) % 1 + 1) % 1;
        return html`<i
          style="left:${(r(1) * 100).toFixed(1)}%;background:${CONFETTI[i % CONFETTI.length]};--t:${(3.5 + r(2) * 3).toFixed(2)}s;--d:${(1.6 + r(3) * 2.5).toFixed(2)}s;--r:${Math.round(r(4) * 900 - 450)}deg"
        ></i>`;
      })}
    </div>`;
  }

  override render() {
    const [first, second, third, ...rest] = this.entries;
    if (!first) return html`<div class="empty">${t('board.overall.empty')}</div>`;
    return html`${this.confetti()}
      <h1>${t('board.podium.title')}</h1>
      ${this.gameTitle ? html`<div class="sub">${this.gameTitle}</div>` : nothing}
      <div class="stage">
        ${this.place(second, 'second', 42, 0.9)} ${this.place(first, 'first', 62, 1.8)} ${this.place(third, 'third', 28, 0)}
      </div>
      ${rest.length
        ? html`<div class="rest">
            ${rest.slice(0, 7).map((e) => html`<span><b>${e.rank}.</b>${teamName(e.number, e.name)}<span class="num">${e.points}</span></span>`)}
          </div>`
        : nothing}`;
  }
}
customElements.define('gd-podium', GdPodium);

declare global {
  interface HTMLElementTagNameMap {
    'gd-podium': GdPodium;
  }
}
