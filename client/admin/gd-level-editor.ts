import { LitElement, css, html, type PropertyValues } from 'lit';
import type { AdminLevel, LevelBody, Point } from '../../shared/protocol.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { DebounceController } from './controllers.ts';
import { confirmAction } from './gd-confirm-dialog.ts';
import './gd-function-plot.ts';
import type { PlotSeries } from './gd-function-plot.ts';
import { localized } from './localized.ts';
import { memorablePassword } from './passwords.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';
import type { LevelTemplate, Preview } from './types.ts';

interface Draft {
  title: string;
  expression: string;
  dims: 1 | 2;
  domain: [string, string][];
  delayS: string;
  budget: string;
  unlimited: boolean;
  timeLimitMin: string;
  password: string;
  start: [string, string];
}

let templatesRequest: Promise<LevelTemplate[]> | null = null;

const str = (v: number): string => String(Number(v.toPrecision(12)));
const coord = (p: Point, i: number): number => (Array.isArray(p) ? p[i] : i === 0 ? p : NaN);
const fmtPoint = (p: Point): string => (Array.isArray(p) ? (p.length === 1 ? num(p[0]) : `(${p.map((v) => num(v)).join(', ')})`) : num(p));

/**
 * Creates or edits a level: expression, domain, delay, budget, time limit, password, default start; a live
 * preview of f (a curve, or a heat map for 2-D) with f* and where it lies. Event `gd-changed` {levelId}.
 */
export class GdLevelEditor extends LitElement {
  static override properties = {
    gameId: { type: Number },
    level: { attribute: false },
    takenPasswords: { attribute: false },
    nextIndex: { type: Number },
    draft: { state: true },
    templates: { state: true },
    preview: { state: true },
    previewError: { state: true },
    previewBusy: { state: true },
    formError: { state: true },
    busy: { state: true },
    saved: { state: true },
    templateNote: { state: true },
  };
  declare gameId: number;
  declare level: AdminLevel | null;
  declare takenPasswords: string[];
  declare nextIndex: number;
  declare draft: Draft;
  declare templates: LevelTemplate[];
  declare preview: Preview | null;
  declare previewError: string;
  declare previewBusy: boolean;
  declare formError: string;
  declare busy: boolean;
  declare saved: string;
  /** What the applied template teaches (for the instructor only). */
  declare templateNote: string;

  private readonly locale = new LocaleController(this);
  private readonly debounce = new DebounceController(this, 450, () => void this.loadPreview());
  private previewAbort: AbortController | null = null;
  private pristine = '';
  private justCreated: number | null = null;

  constructor() {
    super();
    this.gameId = 0;
    this.level = null;
    this.takenPasswords = [];
    this.nextIndex = 0;
    this.draft = this.blank();
    this.templates = [];
    this.preview = null;
    this.previewError = '';
    this.previewBusy = false;
    this.formError = '';
    this.busy = false;
    this.saved = '';
    this.templateNote = '';
  }

  static override styles = [
    adminStyles,
    css`
      :host {
        min-width: 0;
      }
      section {
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
        height: 100%;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        flex-wrap: wrap;
      }
      header h2 {
        margin: 0;
      }
      .cols {
        display: grid;
        grid-template-columns: minmax(0, 25rem) minmax(0, 1fr);
        gap: 1rem;
        min-height: 0;
      }
      form {
        display: grid;
        grid-template-columns: repeat(6, minmax(0, 1fr));
        gap: 0.55rem 0.6rem;
        align-content: start;
      }
      .c6 {
        grid-column: span 6;
      }
      .c3 {
        grid-column: span 3;
      }
      .c2 {
        grid-column: span 2;
      }
      textarea {
        resize: vertical;
        min-height: 3.6rem;
        font-size: 0.95rem;
        line-height: 1.4;
      }
      textarea.invalid {
        border-color: #ef4444;
      }
      .hint {
        color: var(--gd-muted);
        font-size: 0.78rem;
      }
      .range {
        display: flex;
        align-items: center;
        gap: 0.3rem;
      }
      .range input {
        width: 100%;
      }
      .range .axis {
        width: 1.1rem;
        color: var(--gd-muted);
        font-family: var(--gd-mono);
      }
      .seg {
        display: inline-flex;
        border: 1px solid #475569;
        border-radius: 6px;
        overflow: hidden;
      }
      .seg button {
        border: none;
        border-radius: 0;
        background: transparent;
      }
      .seg button[aria-pressed='true'] {
        background: #0369a1;
      }
      .pw {
        display: flex;
        gap: 0.35rem;
      }
      .pw input {
        flex: 1;
        font-family: var(--gd-mono);
      }
      .error.expr {
        margin: 0.2rem 0 0;
        font-family: var(--gd-mono);
        font-size: 0.82rem;
        white-space: pre-wrap;
      }
      .preview {
        display: flex;
        flex-direction: column;
        gap: 0.4rem;
        min-width: 0;
      }
      gd-function-plot {
        height: 330px;
        background: #0b1222;
        border-radius: 8px;
        border: 1px solid #263244;
      }
      .facts {
        display: flex;
        gap: 1.2rem;
        flex-wrap: wrap;
        font-size: 0.88rem;
      }
      .facts b {
        font-family: var(--gd-mono);
        font-weight: 600;
        color: var(--gd-warn);
      }
      .placeholder {
        height: 330px;
        display: grid;
        place-items: center;
        color: var(--gd-muted);
        border: 1px dashed #334155;
        border-radius: 8px;
        text-align: center;
        padding: 1rem;
      }
      .notice {
        color: var(--gd-warn);
        font-size: 0.85rem;
      }
      .template {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        margin-left: auto;
      }
      .template select {
        max-width: 16rem;
      }
      .tdesc {
        color: var(--gd-muted);
        font-size: 0.82rem;
        margin: -0.2rem 0 0;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    templatesRequest ??= adminApi<LevelTemplate[]>('/templates').catch((err) => {
      templatesRequest = null;
      throw err;
    });
    templatesRequest.then((list) => (this.templates = list)).catch(() => (this.templates = []));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.previewAbort?.abort();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('level')) {
      const previous = changed.get('level') as AdminLevel | null | undefined;
      const sameLevel = previous && this.level && previous.id === this.level.id;
      if (this.level && this.level.id === this.justCreated) {
        // the level this editor just created: keep the preview and the "saved" line
        this.justCreated = null;
        this.draft = this.fromLevel(this.level);
        this.pristine = JSON.stringify(this.draft);
      } else if (!sameLevel) {
        this.reset();
      } else if (!this.isDirty()) {
        // the same level again (a reload, a status change): follow it, but never wipe what is being typed
        const expressionChanged = previous.expression !== this.level!.expression || JSON.stringify(previous.domain) !== JSON.stringify(this.level!.domain);
        this.draft = this.fromLevel(this.level!);
        this.pristine = JSON.stringify(this.draft);
        if (expressionChanged) void this.loadPreview();
      }
    }
  }

  private blank(): Draft {
    return {
      title: t('admin.level.defaultTitle', { n: (this.nextIndex ?? 0) + 1 }),
      expression: '',
      dims: 1,
      domain: [
        ['-5', '5'],
        ['-5', '5'],
      ],
      delayS: '10',
      budget: '20',
      unlimited: false,
      timeLimitMin: '',
      password: memorablePassword(this.takenPasswords ?? []),
      start: ['', ''],
    };
  }

  private fromLevel(level: AdminLevel): Draft {
    const domain: [string, string][] = level.domain.map(([lo, hi]) => [str(lo), str(hi)] as [string, string]);
    if (domain.length === 1) domain.push([domain[0][0], domain[0][1]]);
    return {
      title: level.title,
      expression: level.expression,
      dims: level.dims,
      domain,
      delayS: str(level.delayMs / 1000),
      budget: level.budget === null ? '' : String(level.budget),
      unlimited: level.budget === null,
      timeLimitMin: level.timeLimitMs ? str(level.timeLimitMs / 60_000) : '',
      password: level.password,
      start: [str(coord(level.start, 0)), level.dims === 2 ? str(coord(level.start, 1)) : ''],
    };
  }

  /** Back to the level as stored (or a blank new level), and a fresh preview. */
  private reset(): void {
    this.draft = this.level ? this.fromLevel(this.level) : this.blank();
    this.pristine = JSON.stringify(this.draft);
    this.formError = '';
    this.saved = '';
    this.templateNote = '';
    this.preview = null;
    this.previewError = '';
    this.debounce.cancel();
    if (this.draft.expression.trim()) void this.loadPreview();
  }

  private isDirty(): boolean {
    return JSON.stringify(this.draft) !== this.pristine;
  }

  private get locked(): boolean {
    return !!this.level && this.level.status !== 'draft';
  }

  private set(patch: Partial<Draft>, refreshPreview = false): void {
    this.draft = { ...this.draft, ...patch };
    this.saved = '';
    this.formError = '';
    if (refreshPreview) {
      this.previewError = '';
      this.debounce.trigger();
    }
  }

  private onExpression(value: string): void {
    // an expression in x and y is a 2-D level: switch for the instructor rather than show an error
    const usesY = /(^|[^A-Za-z_])y([^A-Za-z_0-9(]|$)/.test(value);
    if (usesY && this.draft.dims === 1) this.set({ expression: value, dims: 2 }, true);
    else this.set({ expression: value }, true);
  }

  private parseDomain(): [number, number][] | string {
    const domain: [number, number][] = [];
    for (let i = 0; i < this.draft.dims; i++) {
      const [loS, hiS] = this.draft.domain[i];
      const lo = Number(loS);
      const hi = Number(hiS);
      if (loS.trim() === '' || hiS.trim() === '' || !Number.isFinite(lo) || !Number.isFinite(hi)) return t('admin.level.domainNumbers');
      if (!(lo < hi)) return t('error.INVALID_DOMAIN');
      domain.push([lo, hi]);
    }
    return domain;
  }

  private async loadPreview(): Promise<void> {
    this.previewAbort?.abort();
    const expression = this.draft.expression.trim();
    const domain = this.parseDomain();
    if (!expression) {
      this.preview = null;
      this.previewError = '';
      return;
    }
    if (typeof domain === 'string') {
      this.previewError = domain;
      return;
    }
    const abort = new AbortController();
    this.previewAbort = abort;
    this.previewBusy = true;
    try {
      const preview = await adminApi<Preview>('/preview', { body: { expression, domain }, signal: abort.signal });
      if (abort.signal.aborted) return;
      this.preview = preview;
      this.previewError = '';
    } catch (err) {
      if (abort.signal.aborted || (err as Error).name === 'AbortError') return;
      this.previewError = errorMessage(err);
    } finally {
      if (this.previewAbort === abort) {
        this.previewBusy = false;
        this.previewAbort = null;
      }
    }
  }

  private async applyTemplate(key: string, select: HTMLSelectElement): Promise<void> {
    const template = this.templates.find((tpl) => tpl.key === key);
    select.value = '';
    if (!template) return;
    if (this.draft.expression.trim() && this.isDirty()) {
      const ok = await confirmAction({ title: t('admin.level.templateReplace'), confirmLabel: t('admin.level.templateApply'), danger: false });
      if (!ok) return;
    }
    const domain: [string, string][] = template.domain.map(([lo, hi]) => [str(lo), str(hi)] as [string, string]);
    if (domain.length === 1) domain.push([domain[0][0], domain[0][1]]);
    const start = template.start;
    this.set(
      {
        title: localized(template.title) || this.draft.title,
        expression: template.expression,
        dims: template.dims,
        domain,
        delayS: template.delayMs !== undefined ? str(template.delayMs / 1000) : this.draft.delayS,
        budget: template.budget === undefined ? this.draft.budget : template.budget === null ? '' : String(template.budget),
        unlimited: template.budget === undefined ? this.draft.unlimited : template.budget === null,
        start: start === undefined ? ['', ''] : [str(coord(start, 0)), template.dims === 2 ? str(coord(start, 1)) : ''],
      },
      false,
    );
    this.templateNote = localized(template.description);
    this.debounce.cancel();
    void this.loadPreview();
  }

  /** The request body, or a message saying which field is wrong. */
  private body(): LevelBody | string {
    const d = this.draft;
    const title = d.title.trim();
    if (!title) return t('admin.level.titleNeeded');
    const expression = d.expression.trim();
    if (!expression) return t('admin.level.expressionNeeded');
    const domain = this.parseDomain();
    if (typeof domain === 'string') return domain;
    const delay = Number(d.delayS);
    if (d.delayS.trim() === '' || !Number.isFinite(delay) || delay < 0 || delay > 600) return t('admin.level.delayRange');
    let budget: number | null = null;
    if (!d.unlimited) {
      budget = Number(d.budget);
      if (!Number.isInteger(budget) || budget < 1 || budget > 10_000) return t('admin.level.budgetRange');
    }
    let timeLimitMs: number | null = null;
    if (d.timeLimitMin.trim() !== '') {
      const minutes = Number(d.timeLimitMin);
      if (!Number.isFinite(minutes) || minutes * 60_000 < 1000 || minutes > 1440) return t('admin.level.timeLimitRange');
      timeLimitMs = Math.round(minutes * 60_000);
    }
    const body: LevelBody = { title, expression, domain, delayMs: Math.round(delay * 1000), budget, timeLimitMs };
    if (d.password.trim()) body.password = d.password.trim();
    const startText = d.start.slice(0, d.dims);
    if (startText.some((s) => s.trim() !== '')) {
      const start = startText.map(Number);
      if (startText.some((s) => s.trim() === '') || start.some((v, i) => !Number.isFinite(v) || v < domain[i][0] || v > domain[i][1])) {
        return t('admin.level.startRange');
      }
      body.start = d.dims === 1 ? start[0] : start;
    }
    return body;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const body = this.body();
    if (typeof body === 'string') {
      this.formError = body;
      return;
    }
    this.busy = true;
    this.formError = '';
    try {
      const level = this.level
        ? await adminApi<AdminLevel>(`/levels/${this.level.id}`, { method: 'PATCH', body })
        : await adminApi<AdminLevel>(`/games/${this.gameId}/levels`, { body });
      this.pristine = JSON.stringify(this.draft);
      if (!this.level) this.justCreated = level.id;
      this.saved = t('admin.level.saved', { password: level.password });
      emit(this, 'gd-changed', { levelId: level.id, level });
    } catch (err) {
      this.formError = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private startSeries(): PlotSeries[] {
    const p = this.preview;
    if (!p) return [];
    const d = this.draft;
    const values = d.start.slice(0, d.dims).map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (values.some((v) => !Number.isFinite(v))) return [];
    let fx = NaN;
    const samples = p.samples;
    const nearest = (xs: number[], v: number) => xs.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(xs[best] - v) ? i : best), 0);
    if (samples.dims === 1) fx = samples.fx[nearest(samples.xs, values[0])];
    else fx = samples.values[nearest(samples.ys, values[1])]?.[nearest(samples.xs, values[0])] ?? NaN;
    return [{ id: 'start', label: t('admin.level.start'), color: '#f8fafc', kind: 'points', points: [{ x: d.dims === 1 ? values[0] : values, fx }] }];
  }

  private rangeInput(axis: 0 | 1) {
    const d = this.draft;
    const [lo, hi] = d.domain[axis];
    const setBound = (which: 0 | 1, value: string) => {
      const domain = d.domain.map((r) => [...r] as [string, string]);
      domain[axis][which] = value;
      this.set({ domain }, true);
    };
    const name = axis === 0 ? 'x' : 'y';
    return html`<div class="range">
      <span class="axis">${name}</span>
      <input type="number" step="any" .value=${lo} aria-label=${t('admin.level.lower', { v: name })} ?disabled=${this.locked}
        @input=${(e: Event) => setBound(0, (e.target as HTMLInputElement).value)} />
      <span class="muted">–</span>
      <input type="number" step="any" .value=${hi} aria-label=${t('admin.level.upper', { v: name })} ?disabled=${this.locked}
        @input=${(e: Event) => setBound(1, (e.target as HTMLInputElement).value)} />
    </div>`;
  }

  private renderPreview() {
    const p = this.preview;
    if (!p) {
      return html`<div class="placeholder">${this.previewBusy ? t('admin.level.previewLoading') : t('admin.level.previewEmpty')}</div>`;
    }
    return html`<gd-function-plot .samples=${p.samples} .argmin=${p.argmin} .fStar=${p.fStar} .series=${this.startSeries()}
        label=${t('admin.level.preview')}></gd-function-plot>
      <div class="facts" data-facts>
        <span>f* = <b data-fstar>${num(p.fStar)}</b></span>
        <span>${t('admin.level.argmin')} <b data-argmin>${fmtPoint(p.argmin)}</b></span>
        <span>${t('admin.level.median')} <b>${num(p.median)}</b></span>
        ${this.previewBusy ? html`<span class="muted">${t('admin.level.previewLoading')}</span>` : null}
      </div>`;
  }

  override render() {
    const d = this.draft;
    const lock = this.locked;
    const level = this.level;
    return html`<section class="panel">
      <header>
        <h2>${level ? t('admin.level.editHeading', { title: level.title }) : t('admin.level.newHeading')}</h2>
        ${level ? html`<span class="badge status-${level.status}">${t(`status.${level.status}`)}</span>` : null}
        ${this.templates.length && !lock
          ? html`<label class="template">${t('admin.level.template')}
              <select data-template @change=${(e: Event) => this.applyTemplate((e.target as HTMLSelectElement).value, e.target as HTMLSelectElement)}>
                <option value="">${t('admin.level.templatePick')}</option>
                ${this.templates.map((tpl) => html`<option value=${tpl.key}>${localized(tpl.title)}${tpl.dims === 2 ? ' (2-D)' : ''}</option>`)}
              </select></label>`
          : null}
      </header>
      ${lock ? html`<div class="notice">${t('admin.level.locked')}</div>` : null}
      ${this.templateNote && !lock ? html`<p class="tdesc" data-template-note>${this.templateNote}</p>` : null}
      <div class="cols">
        <form @submit=${this.save} novalidate>
          <div class="field c6">
            <label for="title">${t('admin.level.title')}</label>
            <input id="title" .value=${d.title} maxlength="200" ?disabled=${lock} @input=${(e: Event) => this.set({ title: (e.target as HTMLInputElement).value })} />
          </div>
          <div class="field c6">
            <label for="expr">${t('admin.level.expression')}</label>
            <textarea id="expr" rows="2" spellcheck="false" autocomplete="off" .value=${d.expression} ?disabled=${lock}
              class=${this.previewError ? 'invalid' : ''} aria-invalid=${this.previewError ? 'true' : 'false'} aria-describedby="expr-help"
              placeholder=${d.dims === 2 ? '(x - 1)^2 + 3 * (y + x)^2' : 'x^2 - 2 * cos(3 * x)'}
              @input=${(e: Event) => this.onExpression((e.target as HTMLTextAreaElement).value)}></textarea>
            ${this.previewError
              ? html`<div class="error expr" role="alert" id="expr-help" data-expr-error>${this.previewError}</div>`
              : html`<span class="hint" id="expr-help">${t('admin.level.expressionHint')}</span>`}
          </div>
          <div class="field c6">
            <label>${t('admin.level.domain')}</label>
            <div class="row">
              <div class="seg" role="group" aria-label=${t('admin.level.dims')}>
                <button type="button" aria-pressed=${d.dims === 1 ? 'true' : 'false'} ?disabled=${lock} @click=${() => this.set({ dims: 1 }, true)}>1-D</button>
                <button type="button" aria-pressed=${d.dims === 2 ? 'true' : 'false'} ?disabled=${lock} @click=${() => this.set({ dims: 2 }, true)}>2-D</button>
              </div>
              <div style="flex:1;display:flex;flex-direction:column;gap:0.3rem">${this.rangeInput(0)}${d.dims === 2 ? this.rangeInput(1) : null}</div>
            </div>
          </div>
          <div class="field c2">
            <label for="delay">${t('admin.level.delay')}</label>
            <input id="delay" type="number" min="0" max="600" step="any" .value=${d.delayS} ?disabled=${lock}
              @input=${(e: Event) => this.set({ delayS: (e.target as HTMLInputElement).value })} />
          </div>
          <div class="field c2">
            <label for="budget">${t('admin.level.budget')}</label>
            <input id="budget" type="number" min="1" max="10000" step="1" .value=${d.unlimited ? '' : d.budget} ?disabled=${lock || d.unlimited}
              placeholder=${d.unlimited ? '∞' : ''} @input=${(e: Event) => this.set({ budget: (e.target as HTMLInputElement).value })} />
            <label class="check" style="font-size:0.8rem"><input type="checkbox" .checked=${d.unlimited} ?disabled=${lock}
              @change=${(e: Event) => this.set({ unlimited: (e.target as HTMLInputElement).checked })} />${t('admin.level.unlimited')}</label>
          </div>
          <div class="field c2">
            <label for="limit">${t('admin.level.timeLimit')}</label>
            <input id="limit" type="number" min="0" step="any" .value=${d.timeLimitMin} placeholder=${t('admin.level.noLimit')} ?disabled=${lock}
              @input=${(e: Event) => this.set({ timeLimitMin: (e.target as HTMLInputElement).value })} />
          </div>
          <div class="field c6">
            <label for="pw">${t('admin.level.password')}</label>
            <div class="pw">
              <input id="pw" .value=${d.password} maxlength="100" autocomplete="off" spellcheck="false" ?disabled=${lock}
                @input=${(e: Event) => this.set({ password: (e.target as HTMLInputElement).value })} />
              <button type="button" ?disabled=${lock} data-generate
                @click=${() => this.set({ password: memorablePassword(this.takenPasswords) })}>${t('admin.level.generate')}</button>
            </div>
          </div>
          <div class="field c6">
            <label>${t('admin.level.start')}</label>
            <div class="row">
              <input type="number" step="any" style="width:7rem" .value=${d.start[0]} placeholder=${t('admin.level.auto')} aria-label=${t('admin.level.startX')} ?disabled=${lock}
                @input=${(e: Event) => this.set({ start: [(e.target as HTMLInputElement).value, d.start[1]] })} />
              ${d.dims === 2
                ? html`<input type="number" step="any" style="width:7rem" .value=${d.start[1]} placeholder=${t('admin.level.auto')} aria-label=${t('admin.level.startY')} ?disabled=${lock}
                    @input=${(e: Event) => this.set({ start: [d.start[0], (e.target as HTMLInputElement).value] })} />`
                : null}
              <span class="hint">${t('admin.level.startHint')}</span>
            </div>
          </div>
          <div class="actions c6">
            <button class="primary" type="submit" ?disabled=${lock || this.busy}>${level ? t('admin.save') : t('admin.level.create')}</button>
            ${this.isDirty() && !lock ? html`<button type="button" @click=${() => this.reset()}>${t('admin.level.revert')}</button>` : null}
            ${this.saved ? html`<span class="ok" role="status">${this.saved}</span>` : null}
          </div>
          ${this.formError ? html`<div class="error c6" role="alert" data-form-error>${this.formError}</div>` : null}
        </form>
        <div class="preview">${this.renderPreview()}</div>
      </div>
    </section>`;
  }
}
customElements.define('gd-level-editor', GdLevelEditor);

declare global {
  interface HTMLElementTagNameMap {
    'gd-level-editor': GdLevelEditor;
  }
}
