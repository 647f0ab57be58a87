import { LitElement, css, html, nothing } from 'lit';
import type { LevelStatus } from '../../shared/protocol.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { boardBase } from './board-styles.ts';
import { serverNow } from './server-clock.ts';
import { TickController } from './tick-controller.ts';

/** m:ss, or h:mm:ss for long levels. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Time left until the level closes (frozen while paused); nothing when the level has no time limit. */
export class GdCountdown extends LitElement {
  static override properties = {
    closesAt: { type: String },
    remainingMs: { type: Number },
    status: { type: String },
  };
  declare closesAt: string | null | undefined;
  declare remainingMs: number | null | undefined;
  declare status: LevelStatus;
  private readonly locale = new LocaleController(this);
  private readonly tick = new TickController(this, 250);

  constructor() {
    super();
    this.closesAt = null;
    this.remainingMs = null;
    this.status = 'open';
  }

  static override styles = [
    boardBase,
    css`
      :host {
        display: block;
        text-align: right;
      }
      .label {
        font-size: calc(var(--u) * 1.1);
        font-weight: 700;
        color: var(--b-soft);
        letter-spacing: 0.05em;
      }
      .time {
        font-family: var(--gd-mono);
        font-variant-numeric: tabular-nums;
        font-weight: 900;
        font-size: calc(var(--u) * 4.6);
        line-height: 1;
      }
      .warn .time {
        color: var(--gd-warn);
      }
      .last .time {
        color: var(--gd-bad);
        animation: pulse 1s ease-in-out infinite;
      }
      .paused .time {
        color: var(--b-soft);
      }
      @keyframes pulse {
        50% {
          opacity: 0.55;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .last .time {
          animation: none;
        }
      }
    `,
  ];

  private left(): number | null {
    if (this.status === 'paused') return this.remainingMs ?? null;
    if (this.status !== 'open' || !this.closesAt) return null;
    const closes = Date.parse(this.closesAt);
    return Number.isNaN(closes) ? null : closes - serverNow();
  }

  override render() {
    const left = this.left();
    if (left === null) return nothing;
    const cls = this.status === 'paused' ? 'paused' : left <= 10_000 ? 'last' : left <= 60_000 ? 'warn' : '';
    const label = this.status === 'paused' ? t('board.countdown.paused') : left <= 0 ? t('board.countdown.over') : t('board.countdown.left');
    return html`<div class=${cls} role="timer">
      <div class="label">${label}</div>
      <div class="time" data-testid="countdown">${clockText(left)}</div>
    </div>`;
  }
}
customElements.define('gd-countdown', GdCountdown);

declare global {
  interface HTMLElementTagNameMap {
    'gd-countdown': GdCountdown;
  }
}
