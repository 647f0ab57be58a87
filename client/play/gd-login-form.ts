import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { LocaleController, t } from '../common/i18n.ts';
import { parseNumber } from './number-input.ts';
import { Ticker } from './ticker.ts';
import { baseStyles } from './base-styles.ts';

export interface LoginRequest {
  team: number;
  password: string;
  pin?: string;
  /** The team code, when the form asked for it. */
  code?: string;
}

/**
 * Team number + level password (+ PIN when the game asks for one, + the team code once the server said the team is
 * claimed). The server answers only after the game's login delay, so while it waits the form shows elapsed seconds
 * against the expected wait and lets the team cancel. In `switch` mode (already playing) it asks only for the next
 * level's password: the server knows the team from its token and answers at once.
 *
 * @fires gd-login - detail LoginRequest (in switch mode, `team` is the current team's number, no PIN or code).
 * @fires gd-cancel - the team gave up waiting.
 */
export class GdLoginForm extends LitElement {
  static override properties = {
    mode: { type: String, reflect: true },
    team: { type: String },
    password: { type: String },
    askPin: { type: Boolean },
    offerPin: { type: Boolean },
    askCode: { type: Boolean },
    busySince: { attribute: false },
    expectedMs: { type: Number },
    error: { type: String },
    pinOpen: { state: true },
    problems: { state: true },
  };
  declare mode: 'login' | 'switch';
  /** Prefilled team number (and the fixed one in switch mode). */
  declare team: string;
  /** Prefilled password (from the join link). */
  declare password: string;
  /** Show the PIN field: the game asks for PINs. */
  declare askPin: boolean;
  /** Whether the game asks for PINs is unknown (the server was out of reach): offer a link that opens the field. */
  declare offerPin: boolean;
  /** Show the team code field: the server answered TEAM_CODE_REQUIRED (focused when it appears). */
  declare askCode: boolean;
  /** Date.now() when the pending login started, or null. */
  declare busySince: number | null;
  /** How long the login is expected to take (the last measured wait, about 10 s at first). */
  declare expectedMs: number;
  /** The server's refusal, already translated. */
  declare error: string;
  declare pinOpen: boolean;
  declare problems: { team?: string; password?: string; code?: string };

  private readonly locale = new LocaleController(this);
  private readonly ticker = new Ticker(this, 200, () => this.busySince !== null);

  constructor() {
    super();
    this.mode = 'login';
    this.team = '';
    this.password = '';
    this.askPin = false;
    this.offerPin = false;
    this.askCode = false;
    this.busySince = null;
    this.expectedMs = 10_000;
    this.error = '';
    this.pinOpen = false;
    this.problems = {};
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.9rem;
      }
      label {
        display: grid;
        gap: 0.3rem;
        font-weight: 600;
      }
      .hint {
        color: var(--gd-muted, #94a3b8);
        font-weight: 400;
        font-size: 0.85rem;
      }
      input {
        font: inherit;
        font-size: 1.25rem;
        padding: 0.6rem 0.75rem;
        border-radius: 10px;
        border: 2px solid #475569;
        background: #0b1222;
        color: var(--gd-text, #f8fafc);
        width: 100%;
      }
      input:focus {
        outline: none;
        border-color: var(--gd-accent, #38bdf8);
        box-shadow: 0 0 0 3px rgba(56, 189, 248, 0.25);
      }
      input[aria-invalid='true'] {
        border-color: var(--gd-bad, #f87171);
      }
      input:disabled {
        opacity: 0.7;
      }
      .msg {
        color: var(--gd-bad, #f87171);
        font-size: 0.9rem;
        margin: 0;
      }
      .linkish {
        justify-self: start;
        font: inherit;
        font-size: 0.9rem;
        background: none;
        border: none;
        padding: 0;
        color: var(--gd-accent, #38bdf8);
        text-decoration: underline;
        cursor: pointer;
      }
      button[type='submit'] {
        font: inherit;
        font-size: 1.15rem;
        font-weight: 700;
        min-height: 3.1rem;
        border: none;
        border-radius: 10px;
        background: var(--gd-accent, #38bdf8);
        color: #0b1222;
        cursor: pointer;
      }
      button[type='submit'][aria-busy='true'] {
        background: #1e3a5f;
        color: #e0f2fe;
        cursor: progress;
      }
      .error {
        margin: 0;
        padding: 0.6rem 0.75rem;
        border-radius: 10px;
        background: rgba(248, 113, 113, 0.14);
        border-left: 4px solid var(--gd-bad, #f87171);
        font-weight: 600;
      }
      .wait {
        display: grid;
        gap: 0.45rem;
      }
      .track {
        height: 10px;
        border-radius: 5px;
        background: #334155;
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: linear-gradient(90deg, #38bdf8, #818cf8);
        transition: width 0.2s linear;
      }
      .fill.long {
        width: 100% !important;
        background: repeating-linear-gradient(90deg, #38bdf8 0 20px, #818cf8 20px 40px);
        background-size: 200% 100%;
        animation: slide 1s linear infinite;
      }
      @keyframes slide {
        to {
          background-position: -40px 0;
        }
      }
      .wait p {
        margin: 0;
      }
      .elapsed {
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .why {
        color: var(--gd-muted, #94a3b8);
        font-size: 0.88rem;
      }
      .cancel {
        justify-self: start;
        font: inherit;
        padding: 0.35rem 0.9rem;
        border-radius: 999px;
        border: 1px solid #64748b;
        background: transparent;
        color: inherit;
        cursor: pointer;
      }
      .row {
        display: flex;
        gap: 0.6rem;
      }
      :host([mode='switch']) form {
        gap: 0.6rem;
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('askPin') && this.askPin) this.pinOpen = true;
  }

  protected override firstUpdated(): void {
    // The login page starts at the team number (a QR code's ?team=N fills it; the team checks it and moves on).
    if (this.mode === 'login') this.input('team')?.focus();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('askCode') && this.askCode && changed.get('askCode') === false) this.input('code')?.focus();
  }

  override render() {
    const busy = this.busySince !== null;
    const elapsed = busy ? Date.now() - (this.busySince as number) : 0;
    const secs = Math.floor(elapsed / 1000);
    const switching = this.mode === 'switch';
    return html`
      <form novalidate @submit=${this.onSubmit} aria-busy=${busy ? 'true' : 'false'}>
        ${switching
          ? nothing
          : html`<label>
              ${t('login.team')}
              <input
                name="team"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                enterkeyhint="next"
                .value=${this.team}
                ?disabled=${busy}
                aria-invalid=${this.problems.team ? 'true' : 'false'}
                @input=${() => this.clearProblem('team')}
              />
              ${this.problems.team ? html`<p class="msg">${this.problems.team}</p>` : nothing}
            </label>`}
        <label>
          ${t(switching ? 'switch.password' : 'login.password')}
          <input
            name="password"
            type="text"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            enterkeyhint="go"
            .value=${this.password}
            ?disabled=${busy}
            aria-invalid=${this.problems.password ? 'true' : 'false'}
            @input=${() => this.clearProblem('password')}
          />
          <span class="hint">${t(switching ? 'switch.hint' : 'login.passwordHint')}</span>
          ${this.problems.password ? html`<p class="msg">${this.problems.password}</p>` : nothing}
        </label>
        ${switching ? nothing : this.renderPin(busy)}
        ${!switching && this.askCode ? this.renderCode(busy) : nothing}
        ${this.error && !busy ? html`<p class="error" role="alert" data-testid="login-error">${this.error}</p>` : nothing}
        <button type="submit" aria-busy=${busy ? 'true' : 'false'}>${this.buttonText(busy, secs)}</button>
        ${busy && !switching ? this.renderWait(elapsed) : nothing}
      </form>
    `;
  }

  private buttonText(busy: boolean, secs: number): string {
    if (this.mode === 'switch') return t(busy ? 'switch.busy' : 'switch.submit');
    return busy ? t('login.waitingButton', { s: secs }) : t('login.submit');
  }

  private renderCode(busy: boolean) {
    return html`<label>
      ${t('login.code')}
      <input
        name="code"
        type="text"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck="false"
        enterkeyhint="go"
        ?disabled=${busy}
        aria-invalid=${this.problems.code ? 'true' : 'false'}
        @input=${() => this.clearProblem('code')}
      />
      <span class="hint">${t('login.codeHint')}</span>
      ${this.problems.code ? html`<p class="msg">${this.problems.code}</p>` : nothing}
    </label>`;
  }

  private renderPin(busy: boolean) {
    if (!this.pinOpen) {
      // Only when the game's rule is unknown: a game without PINs never shows a PIN field, even after a wrong login.
      return this.offerPin ? html`<button type="button" class="linkish" @click=${() => (this.pinOpen = true)}>${t('login.havePin')}</button>` : nothing;
    }
    return html`<label>
      ${t('login.pin')}
      <input name="pin" type="text" inputmode="numeric" autocomplete="off" enterkeyhint="go" ?disabled=${busy} />
      <span class="hint">${t('login.pinHint')}</span>
    </label>`;
  }

  private renderWait(elapsed: number) {
    const expected = Math.max(1000, this.expectedMs);
    const over = elapsed > expected + 1500;
    const fraction = Math.min(0.97, elapsed / expected);
    const about = Math.max(1, Math.round(expected / 1000));
    return html`<div class="wait" data-testid="login-wait">
      <div class="track" role="progressbar" aria-valuemin="0" aria-valuemax=${about} aria-valuenow=${Math.floor(elapsed / 1000)} aria-label=${t('login.progress')}>
        <div class=${over ? 'fill long' : 'fill'} style="width:${(fraction * 100).toFixed(1)}%"></div>
      </div>
      <p class="elapsed" aria-live="off">
        ${over ? t('login.longer', { s: Math.floor(elapsed / 1000) }) : t('login.elapsed', { s: Math.floor(elapsed / 1000), about })}
      </p>
      <p class="why">${t('login.why')}</p>
      <button type="button" class="cancel" @click=${this.onCancel}>${t('login.cancel')}</button>
    </div>`;
  }

  private clearProblem(field: 'team' | 'password' | 'code'): void {
    if (this.problems[field]) this.problems = { ...this.problems, [field]: undefined };
  }

  private input(name: string): HTMLInputElement | null {
    return this.renderRoot.querySelector(`input[name="${name}"]`);
  }

  private field(name: string): string {
    return this.input(name)?.value ?? '';
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    if (this.busySince !== null) return;
    const problems: { team?: string; password?: string; code?: string } = {};
    let team = parseNumber(this.team);
    if (this.mode === 'login') {
      const raw = this.field('team');
      team = parseNumber(raw);
      if (raw.trim() === '') problems.team = t('login.teamRequired');
      else if (team === null || !Number.isInteger(team) || team < 0) problems.team = t('login.teamInvalid');
      this.team = raw.trim();
    }
    const password = this.field('password').normalize('NFKC').trim();
    this.password = password;
    if (password === '') problems.password = t('login.passwordRequired');
    const code = normaliseCode(this.field('code'));
    if (this.mode === 'login' && this.askCode && code === '') problems.code = t('login.codeRequired');
    this.problems = problems;
    if (problems.team || problems.password || problems.code || team === null) {
      (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLInputElement | null)?.focus();
      return;
    }
    const pin = this.field('pin').normalize('NFKC').trim();
    const login = this.mode === 'login';
    const detail: LoginRequest = { team, password, ...(login && pin ? { pin } : {}), ...(login && code ? { code } : {}) };
    this.dispatchEvent(new CustomEvent('gd-login', { detail, bubbles: true, composed: true }));
  }

  private onCancel(): void {
    this.dispatchEvent(new CustomEvent('gd-cancel', { bubbles: true, composed: true }));
  }
}
/** A team code as typed: full-width letters and digits made ASCII, spaces dropped (the server's spelling is kept). */
function normaliseCode(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '');
}

customElements.define('gd-login-form', GdLoginForm);

declare global {
  interface HTMLElementTagNameMap {
    'gd-login-form': GdLoginForm;
  }
}
