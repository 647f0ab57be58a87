import { LitElement, css, html } from 'lit';
import { api, ApiError } from '../common/api.ts';
import { LocaleController, t } from '../common/i18n.ts';
import { emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';

/** The instructor's sign-in: the admin password → a token (event `gd-signed-in` {token}). */
export class GdAdminLogin extends LitElement {
  static override properties = {
    notice: { type: String },
    busy: { state: true },
    error: { state: true },
  };
  declare notice: string;
  declare busy: boolean;
  declare error: string;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.notice = '';
    this.busy = false;
    this.error = '';
  }

  static override styles = [
    adminStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100vh;
        padding: 1rem;
      }
      form {
        width: min(24rem, 100%);
        display: flex;
        flex-direction: column;
        gap: 0.9rem;
        padding: 1.6rem 1.8rem;
      }
      h1 {
        margin: 0;
        font-size: 1.35rem;
      }
      .sub {
        margin: -0.4rem 0 0.2rem;
        color: var(--gd-muted);
      }
      input {
        font-size: 1.05rem;
        padding: 0.5rem 0.7rem;
      }
      button.primary {
        font-size: 1rem;
        padding: 0.55rem;
      }
      .notice {
        color: var(--gd-warn);
        font-size: 0.9rem;
      }
      .foot {
        display: flex;
        justify-content: flex-end;
      }
    `,
  ];

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name=password]');
    const password = input?.value ?? '';
    if (!password) {
      this.error = t('admin.login.empty');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const { token } = await api<{ token: string }>('/api/admin/login', { body: { password } });
      if (input) input.value = '';
      emit(this, 'gd-signed-in', { token });
    } catch (err) {
      // the common texts speak of a team number or an expired session; the instructor only typed a password
      const wrong = err instanceof ApiError && (err.code === 'BAD_LOGIN' || err.code === 'UNAUTHORIZED');
      this.error = wrong ? t('admin.login.bad') : errorMessage(err);
      input?.select();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form class="panel" @submit=${this.submit}>
      <h1>${t('admin.title')}</h1>
      <p class="sub">${t('admin.login.intro')}</p>
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : null}
      <div class="field">
        <label for="pw">${t('admin.login.password')}</label>
        <input id="pw" name="password" type="password" autocomplete="current-password" autofocus ?disabled=${this.busy} />
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : null}
      <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('admin.login.busy') : t('admin.login.submit')}</button>
      <div class="foot"><gd-lang-switch></gd-lang-switch></div>
    </form>`;
  }
}
customElements.define('gd-admin-login', GdAdminLogin);

declare global {
  interface HTMLElementTagNameMap {
    'gd-admin-login': GdAdminLogin;
  }
}
