import { LitElement, css, html, type PropertyValues } from 'lit';
import type { AdminLevel, DataSet, LevelBody, LevelPatch, Point } from '../../shared/protocol.ts';
import { DEFAULT_BUDGET, DEFAULT_DELAY_MS, MAX_BUDGET, MAX_DELAY_MS } from '../../shared/optimizers.ts';
import { LocaleController, num, t } from '../common/i18n.ts';
import { DebounceController } from './controllers.ts';
import { confirmAction } from './gd-confirm-dialog.ts';
import './gd-function-plot.ts';
import type { PlotSeries } from './gd-function-plot.ts';
import { numberText, readSettings, settingsDraft, type SettingsDraft } from './level-settings.ts';
import { localized } from './localized.ts';
import type { RegressionLevel } from './regression-data.ts';
import { leastSquaresLine } from '../../shared/line-fit.ts';
import { memorablePassword } from './passwords.ts';
import { adminApi, emit, errorMessage } from './session.ts';
import { adminStyles } from './styles.ts';
import type { LevelTemplate, Preview } from './types.ts';

interface Draft extends SettingsDraft {
  expression: string;
  dims: 1 | 2;
  domain: [string, string][];
  timeLimitMin: string;
  password: string;
  start: [string, string];
  /** The inputs' names as teams see them (the second one is used on 2-D levels). */
  axes: [string, string];
  /** A regression level's data set, shown on the plots. */
  data: DataSet | null;
}

/** What a new level starts with: the game's defaults. */
export interface LevelDefaults {
  delayMs: number;
  budget: number | null;
}

/** A message already in words, or a refused call to say in the page's language when shown ('' for none). */
type Problem = string | { err: unknown };

/** The expression's variables, by position. */
const VARIABLES = ['x', 'y'] as const;
const AXIS_MAX = 12;

let templatesRequest: Promise<LevelTemplate[]> | null = null;

/** Parts of the editor loaded on first use (a custom element upgrades in place once its module has run). */
const loaded = new Set<string>();
function loadOnce(part: string, load: () => Promise<unknown>): void {
  if (loaded.has(part)) return;
  loaded.add(part);
  load().catch((err: unknown) => {
    loaded.delete(part);
    console.error(`the level editor's ${part} could not be loaded`, err);
  });
}

const coord = (p: Point, i: number): number => (Array.isArray(p) ? p[i] : i === 0 ? p : NaN);
const fmtPoint = (p: Point): string => (Array.isArray(p) ? (p.length === 1 ? num(p[0]) : `(${p.map((v) => num(v)).join(', ')})`) : num(p));

/**
 * Creates or edits a level: expression, domain, the inputs' names, delay, budget, time limit, password, default
 * start, and a data set (a regression level built from pasted CSV); a live preview of f (a curve, or a heat map
 * for 2-D) with f* and where it lies. A draft can change everything; a running level its title, delay and budget
 * (they apply to later guesses); a played level nothing. Refusals are said by reason. Event `gd-changed` {levelId}.
 */
export class GdLevelEditor extends LitElement {
  static override properties = {
    gameId: { type: Number },
    level: { attribute: false },
    takenPasswords: { attribute: false },
    nextIndex: { type: Number },
    defaults: { attribute: false },
    draft: { state: true },
    building: { state: true },
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
  declare defaults: LevelDefaults;
  declare draft: Draft;
  /** Whether the regression builder (data pasted as CSV) is open. */
  declare building: boolean;
  declare templates: LevelTemplate[];
  declare preview: Preview | null;
  /** What is wrong with the expression or domain: a message, or the refusal to say in the current language. */
  declare previewError: Problem;
  declare previewBusy: boolean;
  declare formError: Problem;
  declare busy: boolean;
  declare saved: string;
  /** What the applied template teaches (for the instructor only). */
  declare templateNote: string;

  private readonly locale = new LocaleController(this);
  private readonly debounce = new DebounceController(this, 450, () => void this.loadPreview());
  private previewAbort: AbortController | null = null;
  private pristine = '';
  private justCreated: number | null = null;
  /** The default title last filled in, so a language switch can translate it while it is untouched. */
  private autoTitle = '';

  constructor() {
    super();
    this.gameId = 0;
    this.level = null;
    this.takenPasswords = [];
    this.nextIndex = 0;
    this.defaults = { delayMs: DEFAULT_DELAY_MS, budget: DEFAULT_BUDGET };
    this.draft = this.blank();
    this.building = false;
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
        min-width: 1.1rem;
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
      .tools {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-left: auto;
        flex-wrap: wrap;
      }
      .template {
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
      .ranges {
        flex: 1;
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
        min-width: 12rem;
      }
      .axisname {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
      }
      .axisname input {
        width: 7rem;
      }
      input.start {
        width: 7rem;
      }
      gd-regression-builder {
        display: block;
      }
      @media (max-width: 900px) {
        .cols {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      @media (max-width: 520px) {
        .c2 {
          grid-column: span 3;
        }
        .template select {
          max-width: 100%;
        }
        .tools {
          margin-left: 0;
        }
        .pw {
          flex-wrap: wrap;
        }
        .pw input {
          flex: 1 1 12rem;
        }
        gd-function-plot,
        .placeholder {
          height: 260px;
        }
        .range .axis {
          width: auto;
          min-width: 1.1rem;
        }
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
    // the builder and the data plot load when first needed (most levels have no data set)
    if (this.building) loadOnce('builder', () => import('./gd-regression-builder.ts'));
    if (this.draft.data) loadOnce('data', () => import('./gd-data-preview.ts'));
    if (!this.level && this.draft.title === this.autoTitle) {
      // an untouched default title follows the page's language ("第 2 關" / "Level 2")
      const title = this.defaultTitle();
      if (title !== this.autoTitle) {
        const wasPristine = !this.isDirty();
        this.autoTitle = title;
        this.draft = { ...this.draft, title };
        if (wasPristine) this.pristine = JSON.stringify(this.draft);
      }
    }
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

  private defaultTitle(): string {
    return t('admin.level.defaultTitle', { n: (this.nextIndex ?? 0) + 1 });
  }

  private blank(): Draft {
    const defaults = this.defaults ?? { delayMs: DEFAULT_DELAY_MS, budget: DEFAULT_BUDGET };
    this.autoTitle = this.defaultTitle();
    return {
      title: this.autoTitle,
      expression: '',
      dims: 1,
      domain: [
        ['-5', '5'],
        ['-5', '5'],
      ],
      ...settingsDraft(defaults),
      timeLimitMin: '',
      password: memorablePassword(this.takenPasswords ?? []),
      start: ['', ''],
      axes: ['x', 'y'],
      data: null,
    };
  }

  private fromLevel(level: AdminLevel): Draft {
    const domain: [string, string][] = level.domain.map(([lo, hi]) => [numberText(lo), numberText(hi)] as [string, string]);
    if (domain.length === 1) domain.push([domain[0][0], domain[0][1]]);
    return {
      title: level.title,
      expression: level.expression,
      dims: level.dims,
      domain,
      ...settingsDraft(level),
      timeLimitMin: level.timeLimitMs ? numberText(level.timeLimitMs / 60_000) : '',
      password: level.password,
      start: [numberText(coord(level.start, 0)), level.dims === 2 ? numberText(coord(level.start, 1)) : ''],
      axes: [level.axes[0] ?? VARIABLES[0], level.axes[1] ?? VARIABLES[1]],
      data: level.data ?? null,
    };
  }

  /** Back to the level as stored (or a blank new level), and a fresh preview. */
  private reset(): void {
    this.draft = this.level ? this.fromLevel(this.level) : this.blank();
    this.pristine = JSON.stringify(this.draft);
    this.formError = '';
    this.saved = '';
    this.templateNote = '';
    this.building = false;
    this.preview = null;
    this.previewError = '';
    this.debounce.cancel();
    if (this.draft.expression.trim()) void this.loadPreview();
  }

  private isDirty(): boolean {
    return JSON.stringify(this.draft) !== this.pristine;
  }

  /** Whether the function, domain, start, names, data, time limit and password are fixed (the level has opened). */
  private get locked(): boolean {
    return !!this.level && this.level.status !== 'draft';
  }

  /** Whether a running level: its title, delay and budget may still change. */
  private get running(): boolean {
    return !!this.level && (this.level.status === 'open' || this.level.status === 'paused');
  }

  /** Whether the title, delay and budget are fixed too (the level is closed or revealed). */
  private get played(): boolean {
    return this.locked && !this.running;
  }

  /** The inputs' names for this many dimensions. */
  private axes(dims: 1 | 2 = this.draft.dims): string[] {
    return this.draft.axes.slice(0, dims).map((a, i) => a.trim() || VARIABLES[i]);
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
      this.previewError = { err };
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
    const domain: [string, string][] = template.domain.map(([lo, hi]) => [numberText(lo), numberText(hi)] as [string, string]);
    if (domain.length === 1) domain.push([domain[0][0], domain[0][1]]);
    const start = template.start;
    this.set(
      {
        title: localized(template.title) || this.draft.title,
        expression: template.expression,
        dims: template.dims,
        domain,
        ...settingsDraft(template, this.draft),
        start: start === undefined ? ['', ''] : [numberText(coord(start, 0)), template.dims === 2 ? numberText(coord(start, 1)) : ''],
        axes: [template.axes?.[0] ?? VARIABLES[0], template.axes?.[1] ?? VARIABLES[1]],
        data: template.data ?? null,
      },
      false,
    );
    this.templateNote = localized(template.description);
    this.debounce.cancel();
    void this.loadPreview();
  }

  /** The request body (only the title, delay and budget of a running level), or a message saying which field is wrong. */
  private body(): LevelBody | LevelPatch | string {
    const settings = readSettings(this.draft);
    if (typeof settings === 'string') return settings;
    if (this.running) return settings;
    const d = this.draft;
    const expression = d.expression.trim();
    if (!expression) return t('admin.level.expressionNeeded');
    const domain = this.parseDomain();
    if (typeof domain === 'string') return domain;
    let timeLimitMs: number | null = null;
    if (d.timeLimitMin.trim() !== '') {
      const minutes = Number(d.timeLimitMin);
      if (!Number.isFinite(minutes) || minutes * 60_000 < 1000 || minutes > 1440) return t('admin.level.timeLimitRange');
      timeLimitMs = Math.round(minutes * 60_000);
    }
    const axes = d.axes.slice(0, d.dims).map((a) => a.trim());
    if (axes.some((a) => a === '' || a.length > AXIS_MAX)) return t('admin.level.axesNeeded');
    const body: LevelBody = { ...settings, expression, domain, timeLimitMs, axes };
    if (d.password.trim()) body.password = d.password.trim();
    const startText = d.start.slice(0, d.dims);
    if (startText.some((s) => s.trim() !== '')) {
      const start = startText.map(Number);
      if (startText.some((s) => s.trim() === '') || start.some((v, i) => !Number.isFinite(v) || v < domain[i][0] || v > domain[i][1])) {
        return t('admin.level.startRange');
      }
      body.start = d.dims === 1 ? start[0] : start;
    }
    if (d.data) body.data = d.data;
    else if (this.level?.data) body.data = null;
    return body;
  }

  /** Fills the form with a regression level built from pasted data (the instructor still saves it). */
  private applyRegression(level: RegressionLevel): void {
    this.set(
      {
        expression: level.expression,
        dims: 2,
        domain: level.domain.map(([lo, hi]) => [numberText(lo), numberText(hi)] as [string, string]),
        start: [numberText(level.start[0]), numberText(level.start[1])],
        axes: [level.axes[0], level.axes[1]],
        data: level.data,
      },
      false,
    );
    this.building = false;
    this.templateNote = t('admin.data.applied');
    this.debounce.cancel();
    void this.loadPreview();
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
      this.formError = { err };
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
    const name = this.axes()[axis] ?? VARIABLES[axis];
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
    return html`<gd-function-plot .samples=${p.samples} .argmin=${p.argmin} .fStar=${p.fStar} .series=${this.startSeries()} .axes=${this.axes(p.dims)}
        label=${t('admin.level.preview')}></gd-function-plot>
      <div class="facts" data-facts>
        <span>f* = <b data-fstar>${num(p.fStar)}</b></span>
        <span>${t('admin.level.argmin')} <b data-argmin>${fmtPoint(p.argmin)}</b></span>
        <span>${t('admin.level.median')} <b>${num(p.median)}</b></span>
        ${this.previewBusy ? html`<span class="muted">${t('admin.level.previewLoading')}</span>` : null}
      </div>`;
  }

  /** A problem in the current language (a refusal is said again after a language switch). */
  private problemText(problem: Problem): string {
    return typeof problem === 'string' ? problem : errorMessage(problem.err, this.axes());
  }

  private renderData() {
    const d = this.draft;
    if (!d.data) return null;
    const [feature, target] = d.data.columns.map((c) => localized(c));
    return html`<div class="field c6" data-level-data>
      <label>${t('admin.level.data')}</label>
      <div class="row">
        <span>${t('admin.level.dataSummary', { n: d.data.points.length, feature, target })}</span>
        ${this.locked ? null : html`<button type="button" class="small" data-remove-data @click=${() => this.set({ data: null })}>${t('admin.level.dataRemove')}</button>`}
      </div>
    </div>`;
  }

  override render() {
    const d = this.draft;
    const lock = this.locked;
    const fixed = this.played;
    const level = this.level;
    const axes = this.axes();
    const regressionFit = d.data ? leastSquaresLine(d.data.points) : null;
    return html`<section class="panel">
      <header>
        <h2>${level ? t('admin.level.editHeading', { title: level.title }) : t('admin.level.newHeading')}</h2>
        ${level ? html`<span class="badge status-${level.status}">${t(`status.${level.status}`)}</span>` : null}
        ${!lock
          ? html`<div class="tools">
              ${this.templates.length
                ? html`<label class="template">${t('admin.level.template')}
                    <select data-template @change=${(e: Event) => this.applyTemplate((e.target as HTMLSelectElement).value, e.target as HTMLSelectElement)}>
                      <option value="">${t('admin.level.templatePick')}</option>
                      ${this.templates.map(
                        (tpl) => html`<option value=${tpl.key}>${tpl.dims === 2 ? t('admin.level.template2d', { title: localized(tpl.title) }) : localized(tpl.title)}</option>`,
                      )}
                    </select></label>`
                : null}
              <button type="button" class="small" data-from-data aria-expanded=${this.building ? 'true' : 'false'}
                @click=${() => (this.building = !this.building)}>${t('admin.level.fromData')}</button>
            </div>`
          : null}
      </header>
      ${this.running ? html`<div class="notice" data-running-note>${t('admin.level.running')}</div>` : fixed ? html`<div class="notice">${t('admin.level.locked')}</div>` : null}
      ${this.templateNote && !lock ? html`<p class="tdesc" data-template-note>${this.templateNote}</p>` : null}
      ${this.building && !lock
        ? html`<gd-regression-builder @gd-regression=${(e: CustomEvent<{ level: RegressionLevel }>) => this.applyRegression(e.detail.level)}
            @gd-regression-cancel=${() => (this.building = false)}></gd-regression-builder>`
        : null}
      <div class="cols">
        <form @submit=${this.save} novalidate>
          <div class="field c6">
            <label for="title">${t('admin.level.title')}</label>
            <input id="title" .value=${d.title} maxlength="200" ?disabled=${fixed} @input=${(e: Event) => this.set({ title: (e.target as HTMLInputElement).value })} />
          </div>
          <div class="field c6">
            <label for="expr">${t('admin.level.expression')}</label>
            <textarea id="expr" rows="2" spellcheck="false" autocomplete="off" .value=${d.expression} ?disabled=${lock}
              class=${this.previewError ? 'invalid' : ''} aria-invalid=${this.previewError ? 'true' : 'false'} aria-describedby="expr-help"
              placeholder=${d.dims === 2 ? '(x - 1)^2 + 3 * (y + x)^2' : 'x^2 - 2 * cos(3 * x)'}
              @input=${(e: Event) => this.onExpression((e.target as HTMLTextAreaElement).value)}></textarea>
            ${this.previewError
              ? html`<div class="error expr" role="alert" id="expr-help" data-expr-error>${this.problemText(this.previewError)}</div>`
              : html`<span class="hint" id="expr-help">${t('admin.level.expressionHint')}</span>`}
          </div>
          <div class="field c6">
            <label>${t('admin.level.domain')}</label>
            <div class="row">
              <div class="seg" role="group" aria-label=${t('admin.level.dims')}>
                <button type="button" aria-pressed=${d.dims === 1 ? 'true' : 'false'} ?disabled=${lock} @click=${() => this.set({ dims: 1 }, true)}>${t('admin.level.dims1')}</button>
                <button type="button" aria-pressed=${d.dims === 2 ? 'true' : 'false'} ?disabled=${lock} @click=${() => this.set({ dims: 2 }, true)}>${t('admin.level.dims2')}</button>
              </div>
              <div class="ranges">${this.rangeInput(0)}${d.dims === 2 ? this.rangeInput(1) : null}</div>
            </div>
          </div>
          <div class="field c6">
            <label>${t('admin.level.axes')}</label>
            <div class="row">
              ${VARIABLES.slice(0, d.dims).map(
                (v, i) => html`<span class="axisname"><span class="mono muted">${v} →</span>
                  <input data-axis=${i} .value=${d.axes[i]} maxlength=${AXIS_MAX} ?disabled=${lock} aria-label=${t('admin.level.axisFor', { v })}
                    @input=${(e: Event) => {
                      const next: [string, string] = [...d.axes];
                      next[i] = (e.target as HTMLInputElement).value;
                      this.set({ axes: next });
                    }} /></span>`,
              )}
            </div>
            <span class="hint">${t('admin.level.axesHint')}</span>
          </div>
          ${this.renderData()}
          <div class="field c2">
            <label for="delay">${t('admin.level.delay')}</label>
            <input id="delay" type="number" min="0" max=${MAX_DELAY_MS / 1000} step="any" .value=${d.delayS} ?disabled=${fixed}
              @input=${(e: Event) => this.set({ delayS: (e.target as HTMLInputElement).value })} />
          </div>
          <div class="field c2">
            <label for="budget">${t('admin.level.budget')}</label>
            <input id="budget" type="number" min="1" max=${MAX_BUDGET} step="1" .value=${d.unlimited ? '' : d.budget} ?disabled=${fixed || d.unlimited}
              placeholder=${d.unlimited ? '∞' : ''} @input=${(e: Event) => this.set({ budget: (e.target as HTMLInputElement).value })} />
            <label class="check" style="font-size:0.8rem"><input type="checkbox" .checked=${d.unlimited} ?disabled=${fixed}
              @change=${(e: Event) => this.set({ unlimited: (e.target as HTMLInputElement).checked, budget: d.budget || String(DEFAULT_BUDGET) })} />${t('admin.level.unlimited')}</label>
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
              ${axes.map(
                (name, i) => html`<input type="number" step="any" class="start" data-start=${i} .value=${d.start[i]} placeholder=${t('admin.level.auto')}
                  aria-label=${t('admin.level.startFor', { v: name })} ?disabled=${lock}
                  @input=${(e: Event) => {
                    const next: [string, string] = [...d.start];
                    next[i] = (e.target as HTMLInputElement).value;
                    this.set({ start: next });
                  }} />`,
              )}
              <span class="hint">${t('admin.level.startHint')}</span>
            </div>
          </div>
          <div class="actions c6">
            <button class="primary" type="submit" ?disabled=${fixed || this.busy}>${level ? t('admin.save') : t('admin.level.create')}</button>
            ${this.isDirty() && !fixed ? html`<button type="button" @click=${() => this.reset()}>${t('admin.level.revert')}</button>` : null}
            ${this.saved ? html`<span class="ok" role="status">${this.saved}</span>` : null}
          </div>
          ${this.formError ? html`<div class="error c6" role="alert" data-form-error>${this.problemText(this.formError)}</div>` : null}
        </form>
        <div class="preview">
          ${this.renderPreview()}
          ${d.data
            ? html`<gd-data-preview .points=${d.data.points} .columns=${d.data.columns.map((c) => localized(c))} .line=${regressionFit}></gd-data-preview>`
            : null}
        </div>
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
