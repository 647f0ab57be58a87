import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { Domain, GuessView } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { fAt, formatSlope, msUntil, namedPoint, pointName, secondsLeft } from './format.ts';
import { checkCoordinate, toggleSign, type NumberProblem } from './number-input.ts';
import { Ticker } from './ticker.ts';
import { baseStyles } from './base-styles.ts';

const PROBLEM_KEYS: Record<NumberProblem, string> = {
  required: 'input.required',
  comma: 'input.comma',
  notNumber: 'input.notNumber',
  outOfRange: 'input.outOfRange',
};

/**
 * One field per input of the level, named as the level names them (x; x and y; a and b), with inline validation
 * against the domain and a ± key beside each (iOS's decimal keypad has no minus sign); Enter or the button submits a
 * valid point, an invalid one shows why and sends nothing. Below it: the pending guess's countdown, then the latest
 * result, which a refusal or a hint never replaces: they show above it, and only while they still apply.
 *
 * @fires gd-guess - detail `{ x: number | [number, number] }`: a valid point to submit.
 * @fires gd-draft - detail `{ x: number[] | null }`: the point currently typed (null while invalid).
 */
export class GdGuessInput extends LitElement {
  static override properties = {
    dims: { type: Number, reflect: true },
    domain: { attribute: false },
    axes: { attribute: false },
    closedReason: { type: String },
    finished: { type: Boolean },
    pending: { attribute: false },
    latest: { attribute: false },
    submitting: { type: Boolean },
    error: { type: String },
    picked: { attribute: false },
    offsetMs: { type: Number },
    values: { state: true },
    messages: { state: true },
    hint: { state: true },
  };
  declare dims: 1 | 2;
  declare domain: Domain;
  /** The names of the inputs, one per dimension (x; x, y; a, b). */
  declare axes: string[];
  /** Why guessing is not possible now (level paused, closed, budget used up), or '' when it is. */
  declare closedReason: string;
  /** No more guesses in this level at all (closed, revealed, time or budget used up): only the reason shows. */
  declare finished: boolean;
  declare pending: GuessView | null;
  /** The team's newest ready guess and its number, to show its result right under the field. */
  declare latest: { guess: GuessView; n: number } | null;
  declare submitting: boolean;
  /** A refusal from the server, already translated; the page clears it once a newer result makes it stale. */
  declare error: string;
  /** A point picked on the plot; `seq` changes with every pick. */
  declare picked: { x: number[]; seq: number } | null;
  declare offsetMs: number;
  declare values: string[];
  declare messages: (string | null)[];
  declare hint: string;

  private readonly locale = new LocaleController(this);
  private readonly ticker = new Ticker(this, 250, () => this.pending !== null);

  constructor() {
    super();
    this.dims = 1;
    this.domain = [[-1, 1]];
    this.axes = ['x'];
    this.closedReason = '';
    this.finished = false;
    this.pending = null;
    this.latest = null;
    this.submitting = false;
    this.error = '';
    this.picked = null;
    this.offsetMs = 0;
    this.values = ['', ''];
    this.messages = [null, null];
    this.hint = '';
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        gap: 0.6rem;
      }
      .field {
        flex: 1 1 8rem;
        min-width: 0;
      }
      label {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        font-weight: 700;
        font-size: 1.15rem;
      }
      .name {
        min-width: 1ch;
        font-family: var(--gd-mono);
      }
      button.sign {
        flex: none;
        min-width: 2.9rem;
        min-height: 2.9rem;
        padding: 0;
        font-size: 1.35rem;
        font-weight: 700;
        border-radius: 10px;
        border: 2px solid #475569;
        background: #1e293b;
        color: var(--gd-text, #f8fafc);
        cursor: pointer;
      }
      button.sign:active {
        background: #334155;
      }
      input {
        flex: 1;
        min-width: 0;
        width: 100%;
        font: inherit;
        font-size: 1.25rem;
        font-family: var(--gd-mono);
        padding: 0.55rem 0.7rem;
        border-radius: 10px;
        border: 2px solid #475569;
        background: #0b1222;
        color: var(--gd-text, #f8fafc);
      }
      input:focus {
        outline: none;
        border-color: var(--gd-accent, #38bdf8);
        box-shadow: 0 0 0 3px rgba(56, 189, 248, 0.25);
      }
      input[aria-invalid='true'] {
        border-color: var(--gd-bad, #f87171);
      }
      .range {
        display: block;
        margin: 0.25rem 0 0 1.4rem;
        color: var(--gd-muted, #94a3b8);
        font-size: 0.85rem;
      }
      .msgs {
        margin-top: 0.5rem;
        padding: 0.45rem 0.7rem;
        border-radius: 8px;
        background: rgba(248, 113, 113, 0.12);
        border-left: 4px solid var(--gd-bad, #f87171);
      }
      .msg {
        margin: 0;
        color: #fecaca;
        font-weight: 600;
      }
      button.submit {
        flex: 0 0 auto;
        min-width: 8.5rem;
        min-height: 3rem;
        font: inherit;
        font-size: 1.1rem;
        font-weight: 700;
        padding: 0.55rem 1.1rem;
        border-radius: 10px;
        border: none;
        background: var(--gd-accent, #38bdf8);
        color: #0b1222;
        cursor: pointer;
      }
      button.submit[aria-disabled='true'] {
        background: #334155;
        color: #cbd5e1;
        cursor: not-allowed;
      }
      :host([dims='2']) button.submit {
        flex: 1 1 100%;
      }
      .status {
        display: grid;
        gap: 0.45rem;
        margin-top: 0.7rem;
        min-height: 1.5rem;
        font-size: 1rem;
      }
      .notice {
        margin: 0;
        color: var(--gd-bad, #f87171);
        font-weight: 600;
      }
      .tip {
        color: var(--gd-muted, #94a3b8);
      }
      .pending {
        color: var(--gd-warn, #fbbf24);
        font-weight: 600;
      }
      .track {
        height: 6px;
        margin-top: 0.35rem;
        border-radius: 3px;
        background: #334155;
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--gd-warn, #fbbf24);
        transition: width 0.25s linear;
      }
      .result {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.2rem 0.8rem;
        padding: 0.45rem 0.7rem;
        border-radius: 8px;
        background: rgba(74, 222, 128, 0.12);
        border-left: 4px solid var(--gd-good, #4ade80);
        font-variant-numeric: tabular-nums;
        overflow-wrap: anywhere;
        animation: flash 1.2s ease-out;
      }
      .result .n {
        color: var(--gd-muted, #94a3b8);
        font-weight: 700;
      }
      .result b {
        font-family: var(--gd-mono);
        font-size: 1.15rem;
        color: var(--gd-good, #4ade80);
      }
      .result .slope {
        font-family: var(--gd-mono);
        color: #cbd5e1;
      }
      .closed {
        font-weight: 600;
        color: var(--gd-warn, #fbbf24);
      }
      @keyframes flash {
        from {
          background: rgba(74, 222, 128, 0.45);
        }
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('picked') && this.picked) {
      this.values = this.picked.x.map((v) => String(v));
      this.messages = [null, null];
      this.hint = '';
      this.emitDraft();
    }
    // "Wait for your result" is about the guess that was pending: once it is answered (or another one is), it is stale.
    const pendingMoved = changed.has('pending') && (changed.get('pending')?.id ?? null) !== (this.pending?.id ?? null);
    const latestMoved = changed.has('latest') && (changed.get('latest')?.guess.id ?? null) !== (this.latest?.guess.id ?? null);
    if (pendingMoved || latestMoved) this.hint = '';
    // Another level (a switch): what was typed belonged to the old domain. A re-sent copy of the same level keeps it.
    const before = changed.get('domain');
    if (before !== undefined && JSON.stringify(before) !== JSON.stringify(this.domain)) {
      this.values = ['', ''];
      this.messages = [null, null];
      this.hint = '';
    }
  }

  override render() {
    const blocked = this.closedReason !== '' || this.pending !== null || this.submitting;
    const messages = this.messages.slice(0, this.dims).filter((m): m is string => !!m);
    return html`
      ${this.finished
        ? nothing
        : html`<form novalidate @submit=${this.onSubmit}>
            ${this.domain.slice(0, this.dims).map((interval, i) => this.renderField(i, interval as [number, number]))}
            <button class="submit" type="submit" aria-disabled=${blocked ? 'true' : 'false'} data-testid="submit">${this.buttonText()}</button>
          </form>`}
      ${messages.length > 0 ? html`<div class="msgs" id="msgs">${messages.map((m) => html`<p class="msg" data-testid="x-error">${m}</p>`)}</div>` : nothing}
      <div class="status" role="status" aria-live="polite">${this.renderStatus()}</div>
    `;
  }

  private name(i: number): string {
    return this.axes[i] ?? (i === 0 ? 'x' : 'y');
  }

  private renderField(i: number, [lo, hi]: [number, number]) {
    const message = this.messages[i];
    const name = this.name(i);
    return html`
      <div class="field">
        <label>
          <span class="name">${name}</span>
          <input
            name=${`x${i}`}
            data-axis=${name}
            type="text"
            inputmode="decimal"
            enterkeyhint="send"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            placeholder=${`${num(lo)} ~ ${num(hi)}`}
            aria-invalid=${message ? 'true' : 'false'}
            aria-describedby=${`range-${i} msgs`}
            .value=${this.values[i] ?? ''}
            @input=${(e: Event) => this.onInput(i, (e.target as HTMLInputElement).value)}
            @blur=${() => this.onBlur(i)}
          />
          <button
            class="sign"
            type="button"
            data-testid=${`sign-${i}`}
            aria-label=${`${t('input.sign')} ${name}`}
            title=${t('input.sign')}
            @pointerdown=${(e: Event) => e.preventDefault()}
            @click=${() => this.flipSign(i)}
          >
            ±
          </button>
        </label>
        <span class="range" id=${`range-${i}`}>${t('input.range', { lo: num(lo), hi: num(hi) })}</span>
      </div>
    `;
  }

  private buttonText(): string {
    if (this.submitting) return t('input.sending');
    if (this.pending) return t('input.waiting', { s: secondsLeft(msUntil(this.pending.readyAt, this.offsetMs)) });
    return t('input.submit');
  }

  private renderStatus() {
    if (this.closedReason) return html`<span class="closed">${this.closedReason}</span>`;
    const notice = this.error || this.hint;
    return html`
      ${notice ? html`<p class="notice" data-testid="guess-error">${notice}</p>` : nothing}
      ${this.pending ? this.renderPending(this.pending) : nothing}
      ${this.latest ? this.renderLatest(this.latest) : nothing}
      ${!notice && !this.pending && !this.latest ? html`<span class="tip">${t('input.tip', { names: pointName(this.axes) })}</span>` : nothing}
    `;
  }

  private renderPending(pending: GuessView) {
    const left = msUntil(pending.readyAt, this.offsetMs);
    const total = Math.max(1, Date.parse(pending.readyAt) - Date.parse(pending.submittedAt));
    const done = Math.min(1, Math.max(0, 1 - left / total));
    const point = namedPoint(this.axes, pending.x, (v) => num(v));
    return html`<div class="pending" data-testid="pending">
      ${left > 0 ? t('input.pending', { point, s: secondsLeft(left) }) : t('input.pendingNow', { point })}
      <div class="track"><div class="fill" style="width:${(done * 100).toFixed(1)}%"></div></div>
    </div>`;
  }

  private renderLatest({ guess, n }: { guess: GuessView; n: number }) {
    return html`<div class="result" data-testid="latest">
      <span class="n">#${n}</span>
      <b>${fAt(guess.x, (v) => num(v))} = ${num(guess.fx)}</b>
      <span class="slope">${t(this.dims === 1 ? 'input.slope' : 'input.gradient')} ${formatSlope(guess, (v) => num(v))}</span>
    </div>`;
  }

  private onInput(i: number, value: string): void {
    const values = [...this.values];
    values[i] = value;
    this.values = values;
    this.hint = '';
    // A message shown earlier goes away as soon as the field becomes valid; a new one waits for blur or submit.
    if (this.messages[i]) this.validate(i);
    this.emitDraft();
  }

  private onBlur(i: number): void {
    if ((this.values[i] ?? '').trim() !== '') this.validate(i);
  }

  /** The ± key: flips the sign of what is typed and keeps the keyboard on the field. */
  private flipSign(i: number): void {
    const input = this.renderRoot.querySelectorAll('input')[i];
    this.onInput(i, toggleSign(this.values[i] ?? ''));
    void this.updateComplete.then(() => {
      input?.focus();
      const end = input?.value.length ?? 0;
      input?.setSelectionRange(end, end);
    });
  }

  private message(i: number, problem: NumberProblem): string {
    const [lo, hi] = this.domain[i] as [number, number];
    return t(PROBLEM_KEYS[problem], { name: this.name(i), lo: num(lo), hi: num(hi) });
  }

  private validate(i: number): number | null {
    const check = checkCoordinate(this.values[i] ?? '', this.domain[i] as [number, number]);
    const messages = [...this.messages];
    messages[i] = check.ok ? null : this.message(i, check.problem);
    this.messages = messages;
    return check.ok ? check.value : null;
  }

  private emitDraft(): void {
    const x: number[] = [];
    for (let i = 0; i < this.dims; i++) {
      const check = checkCoordinate(this.values[i] ?? '', this.domain[i] as [number, number]);
      if (!check.ok) {
        this.dispatchEvent(new CustomEvent('gd-draft', { detail: { x: null }, bubbles: true, composed: true }));
        return;
      }
      x.push(check.value);
    }
    this.dispatchEvent(new CustomEvent('gd-draft', { detail: { x }, bubbles: true, composed: true }));
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    if (this.closedReason) return;
    if (this.submitting) return;
    if (this.pending) {
      this.hint = t('input.waitFirst');
      return;
    }
    const x: number[] = [];
    let firstBad = -1;
    for (let i = 0; i < this.dims; i++) {
      const value = this.validate(i);
      if (value === null) {
        if (firstBad < 0) firstBad = i;
      } else x.push(value);
    }
    if (firstBad >= 0) {
      this.renderRoot.querySelectorAll('input')[firstBad]?.focus();
      return;
    }
    const detail = { x: this.dims === 1 ? x[0] : ([x[0], x[1]] as [number, number]) };
    this.dispatchEvent(new CustomEvent('gd-guess', { detail, bubbles: true, composed: true }));
  }
}
customElements.define('gd-guess-input', GdGuessInput);

declare global {
  interface HTMLElementTagNameMap {
    'gd-guess-input': GdGuessInput;
  }
}
