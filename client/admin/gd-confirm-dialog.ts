import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../common/i18n.ts';
import { adminStyles } from './styles.ts';

export interface ConfirmOptions {
  title: string;
  message?: string;
  confirmLabel?: string;
  danger?: boolean;
}

/** One answer of a dialog beside Cancel: its value, its button's label and look. */
export interface DialogChoice {
  value: string;
  label: string;
  kind?: 'primary' | 'danger' | 'plain';
}

/** A modal question before an action; resolves with the chosen answer's value, or null on Cancel or Escape. */
export class GdConfirmDialog extends LitElement {
  static override properties = {
    heading: { type: String },
    message: { type: String },
    choices: { attribute: false },
  };
  declare heading: string;
  declare message: string;
  /** The answers besides Cancel, the main one last. */
  declare choices: DialogChoice[];
  private readonly locale = new LocaleController(this);
  private resolveAnswer: ((value: string | null) => void) | null = null;

  constructor() {
    super();
    this.heading = '';
    this.message = '';
    this.choices = [];
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
        width: min(32rem, calc(100vw - 1.5rem));
        max-width: calc(100vw - 1.5rem);
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
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.8rem;
      }
      .actions button {
        white-space: normal;
        text-align: center;
      }
      @media (max-width: 520px) {
        dialog {
          padding: 1rem;
        }
        .actions {
          flex-direction: column-reverse;
          align-items: stretch;
        }
      }
    `,
  ];

  /** Opens the dialog and waits for the answer. */
  ask(): Promise<string | null> {
    return new Promise((resolve) => {
      this.resolveAnswer = resolve;
      void this.updateComplete.then(() => this.renderRoot.querySelector('dialog')?.showModal());
    });
  }

  private answer(value: string | null): void {
    this.renderRoot.querySelector('dialog')?.close();
    this.resolveAnswer?.(value);
    this.resolveAnswer = null;
  }

  override render() {
    return html`<dialog @cancel=${(e: Event) => (e.preventDefault(), this.answer(null))} aria-labelledby="h">
      <h2 id="h">${this.heading}</h2>
      ${this.message ? html`<p>${this.message}</p>` : null}
      <div class="actions">
        <button type="button" data-cancel @click=${() => this.answer(null)} autofocus>${t('admin.cancel')}</button>
        ${this.choices.map(
          (choice) => html`<button type="button" class=${choice.kind === 'plain' ? '' : (choice.kind ?? 'primary')} data-choice=${choice.value}
            ?data-confirm=${choice.value === 'confirm'} @click=${() => this.answer(choice.value)}>${choice.label}</button>`,
        )}
      </div>
    </dialog>`;
  }
}
customElements.define('gd-confirm-dialog', GdConfirmDialog);

/** Asks a question with several answers; the dialog is added to the page and removed once answered. */
export async function chooseAction(options: { title: string; message?: string; choices: DialogChoice[] }): Promise<string | null> {
  const dialog = document.createElement('gd-confirm-dialog');
  dialog.heading = options.title;
  dialog.message = options.message ?? '';
  dialog.choices = options.choices;
  document.body.append(dialog);
  try {
    return await dialog.ask();
  } finally {
    dialog.remove();
  }
}

/** Asks before a destructive action: true only on the explicit confirm button. */
export async function confirmAction(options: ConfirmOptions): Promise<boolean> {
  const answer = await chooseAction({
    title: options.title,
    message: options.message,
    choices: [{ value: 'confirm', label: options.confirmLabel || t('admin.confirm'), kind: options.danger ?? true ? 'danger' : 'primary' }],
  });
  return answer === 'confirm';
}

declare global {
  interface HTMLElementTagNameMap {
    'gd-confirm-dialog': GdConfirmDialog;
  }
}
