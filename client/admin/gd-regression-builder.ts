import { LitElement, css, html } from 'lit';
import { LocaleController, num, t } from '../common/i18n.ts';
import './gd-data-preview.ts';
import { parseDataCsv, regressionLevel, type DataProblem, type RegressionLevel } from './regression-data.ts';
import { emit } from './session.ts';
import { adminStyles } from './styles.ts';

/**
 * Builds a regression level from data pasted as CSV: a preview of the points and the least-squares line, the
 * domain and start it will use and why, then "use" hands the level's definition up.
 * Events: `gd-regression` {level: RegressionLevel}, `gd-regression-cancel`.
 */
export class GdRegressionBuilder extends LitElement {
  static override properties = {
    text: { state: true },
  };
  declare text: string;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.text = '';
  }

  static override styles = [
    adminStyles,
    css`
      section {
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        border: 1px solid #0ea5e9;
        border-radius: 8px;
        padding: 0.7rem 0.8rem;
        background: #0b1a2e;
      }
      h3 {
        margin: 0;
        color: var(--gd-text);
      }
      p {
        margin: 0;
        font-size: 0.85rem;
        line-height: 1.45;
        color: #cbd5e1;
      }
      textarea {
        min-height: 8rem;
        resize: vertical;
        white-space: pre;
        tab-size: 12;
      }
      .how {
        color: var(--gd-muted);
        font-size: 0.8rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
    `,
  ];

  /** The level, or the problem to show (null while nothing is pasted). */
  private result(): { level: RegressionLevel } | { problem: DataProblem } | null {
    if (!this.text.trim()) return null;
    const parsed = parseDataCsv(this.text);
    if (!parsed.ok) return { problem: parsed.problem };
    const built = regressionLevel(parsed.value);
    return built.ok ? { level: built.value } : { problem: built.problem };
  }

  private renderLevel(level: RegressionLevel) {
    const [[aLo, aHi], [bLo, bHi]] = level.domain;
    const columns = [level.data.columns[0].en, level.data.columns[1].en] as const;
    return html`<gd-data-preview .points=${level.data.points} .columns=${columns} .line=${level.fit}></gd-data-preview>
      <p data-data-summary>${t('admin.data.summary', { n: level.data.points.length, a: num(level.fit.a), b: num(level.fit.b), mse: num(level.fit.mse) })}</p>
      <p class="how" data-data-how>${t('admin.data.how', { aLo, aHi, bLo, bHi, b0: num(level.start[1]), mse0: num(level.startMse) })}</p>`;
  }

  override render() {
    const result = this.result();
    const level = result && 'level' in result ? result.level : null;
    return html`<section data-regression-builder>
      <h3>${t('admin.data.heading')}</h3>
      <p>${t('admin.data.intro')}</p>
      <div class="field">
        <label for="csv">${t('admin.data.paste')}</label>
        <textarea id="csv" spellcheck="false" autocomplete="off" placeholder=${t('admin.data.placeholder')} .value=${this.text}
          @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      ${result && 'problem' in result ? html`<div class="error" role="alert" data-data-problem>${t(result.problem.key, result.problem.params)}</div>` : null}
      ${level ? this.renderLevel(level) : null}
      <div class="actions">
        <button class="primary" type="button" ?disabled=${!level} data-use-data @click=${() => level && emit(this, 'gd-regression', { level })}>${t('admin.data.use')}</button>
        <button type="button" @click=${() => emit(this, 'gd-regression-cancel')}>${t('admin.cancel')}</button>
      </div>
    </section>`;
  }
}
customElements.define('gd-regression-builder', GdRegressionBuilder);

declare global {
  interface HTMLElementTagNameMap {
    'gd-regression-builder': GdRegressionBuilder;
  }
}
