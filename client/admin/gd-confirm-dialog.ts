import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../common/i18n.ts';
import { adminStyles } from './styles.ts';

export interface ConfirmOptions {
  title: string;
  message?: string;
  confirmLabel?: string;
  danger?: boolean;
}

/** A modal question before a destructive action; resolves `true` only on the explicit confirm button. */
export class GdConfirmDialog extends LitElement {
  static override properties = {
    heading: { type: String },
    message: { type: String },
    confirmLabel: { type: String },
    danger: { type: Boolean },
  };
  declare heading: string;
  declare message: string;
  declare confirmLabel: string;
  declare danger: boolean;
  private readonly locale = new LocaleController(this);
  private resolveAnswer: ((ok: boolean) => void) | null = null;

  constructor() {
    super();
    this.heading = '';
    this.message = '';
    this.confirmLabel = '';
    this.danger = true;
  }

  static override styles = [
    adminStyles,
    css`
      dialog {
        background: var(--gd-panel);
        color: var(--gd-text);
        border: 1px solid #475569;
        border-radius: 12px;
        padding: 1.2rem 1.4rem 1rem;
        width: min(30rem, 92vw);
        box-shadow: 0 20px 60px rgba(0, 0, 0, 0.6);
      }
      dialog::backdrop {
        background: rgba(2, 6, 23, 0.7);
      }
      h2 {
        font-size: 1.1rem;
      }
      p {
        margin: 0 0 1rem;
        color: #cbd5e1;
        line-height: 1.5;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 0.5rem;
        margin-top: 0.8rem;
      }
    `,
  ];

  /** Opens the dialog and waits for the answer. */
  ask(): Promise<boolean> {
    return new Promise((resolve) => {
      this.resolveAnswer = resolve;
      void this.updateComplete.then(() => this.renderRoot.querySelector('dialog')?.showModal());
    });
  }

  private answer(ok: boolean): void {
    this.renderRoot.querySelector('dialog')?.close();
    this.resolveAnswer?.(ok);
    this.resolveAnswer = null;
  }

  override render() {
    return html`<dialog @cancel=${(e: Event) => (e.preventDefault(), this.answer(false))} aria-labelledby="h">
      <h2 id="h">${this.heading}</h2>
      ${this.message ? html`<p>${this.message}</p>` : null}
      <div class="actions">
        <button type="button" @click=${() => this.answer(false)} autofocus>${t('admin.cancel')}</button>
        <button type="button" class=${this.danger ? 'danger' : 'primary'} data-confirm @click=${() => this.answer(true)}>
          ${this.confirmLabel || t('admin.confirm')}
        </button>
      </div>
    </dialog>`;
  }
}
customElements.define('gd-confirm-dialog', GdConfirmDialog);

/** Asks before a destructive action; the dialog is added to the page and removed once answered. */
export async function confirmAction(options: ConfirmOptions): Promise<boolean> {
  const dialog = document.createElement('gd-confirm-dialog');
  dialog.heading = options.title;
  dialog.message = options.message ?? '';
  dialog.confirmLabel = options.confirmLabel ?? '';
  dialog.danger = options.danger ?? true;
  document.body.append(dialog);
  try {
    return await dialog.ask();
  } finally {
    dialog.remove();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gd-confirm-dialog': GdConfirmDialog;
  }
}
