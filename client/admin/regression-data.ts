/**
 * A regression level from data the instructor pastes: parse two columns of CSV (a header row with the column names,
 * then one point per row), and build the level — the mean squared error of the line target = a·feature + b as an
 * expression in x = a and y = b (shared/line-fit.ts), with a domain and a start that hold the least-squares line.
 * Pure: no DOM, no i18n (a problem is a key of the admin table and its params).
 */
import type { DataSet } from '../../shared/protocol.ts';
import { featureStats, leastSquaresLine, lineMse, lineMseExpression, type Line } from '../../shared/line-fit.ts';

/** LevelBody's limits (shared/protocol.ts): points of a data set, characters of an expression and of a name. */
export const DATA_MIN_POINTS = 2;
export const DATA_MAX_POINTS = 500;
export const EXPRESSION_MAX_LENGTH = 2000;
export const COLUMN_NAME_MAX_LENGTH = 100;

/** What is wrong with a paste: an i18n key of the admin table (admin.data.*) and its params. */
export interface DataProblem {
  key: string;
  params?: Record<string, string | number>;
}

export interface ParsedData {
  /** The header's names of the feature and the target. */
  columns: [string, string];
  points: [number, number][];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: DataProblem };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number as a spreadsheet writes it ("1.5", "-2", "3e4", "−2" with the minus sign); "3,5" is not one. */
export function parseNumber(text: string): number | null {
  const s = text.trim().replace(/\u2212/g, '-');
  if (!NUMBER.test(s)) return null;
  const value = Number(s);
  return Number.isFinite(value) ? value : null;
}

/** The separator of a pasted table: a tab (copied from a spreadsheet), else a semicolon, else a comma. */
export function detectDelimiter(headerLine: string): '\t' | ';' | ',' {
  if (headerLine.includes('\t')) return '\t';
  if (headerLine.includes(';') && !headerLine.includes(',')) return ';';
  return ',';
}

/** One CSV line into fields: double quotes around a field are removed ("" inside is a quote); fields trimmed. */
export function splitLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === delimiter) {
      fields.push(field.trim());
      field = '';
    } else field += ch;
  }
  fields.push(field.trim());
  return fields;
}

/**
 * Parses pasted CSV: the first non-blank line names the two columns (feature, target), every other non-blank line
 * is a point. Line numbers in problems count from 1 in the pasted text.
 */
export function parseDataCsv(text: string): Parsed<ParsedData> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows = lines.map((line, i) => ({ line, number: i + 1 })).filter((row) => row.line.trim() !== '');
  if (rows.length === 0) return { ok: false, problem: { key: 'admin.data.empty' } };
  const delimiter = detectDelimiter(rows[0].line);
  const header = splitLine(rows[0].line, delimiter);
  if (header.length !== 2) return { ok: false, problem: { key: 'admin.data.columns', params: { line: rows[0].number, count: header.length } } };
  if (header.every((name) => parseNumber(name) !== null)) return { ok: false, problem: { key: 'admin.data.noHeader' } };
  if (header.some((name) => name === '')) return { ok: false, problem: { key: 'admin.data.headerEmpty' } };
  const longName = header.find((name) => name.length > COLUMN_NAME_MAX_LENGTH);
  if (longName) return { ok: false, problem: { key: 'admin.data.headerLong', params: { max: COLUMN_NAME_MAX_LENGTH } } };
  const points: [number, number][] = [];
  for (const row of rows.slice(1)) {
    const fields = splitLine(row.line, delimiter);
    if (fields.length !== 2) return { ok: false, problem: { key: 'admin.data.columns', params: { line: row.number, count: fields.length } } };
    const values = fields.map(parseNumber);
    const bad = values.findIndex((v) => v === null);
    if (bad >= 0) return { ok: false, problem: { key: 'admin.data.notNumber', params: { line: row.number, value: fields[bad] } } };
    points.push([values[0] as number, values[1] as number]);
  }
  if (points.length < DATA_MIN_POINTS) return { ok: false, problem: { key: 'admin.data.tooFew', params: { min: DATA_MIN_POINTS } } };
  if (points.length > DATA_MAX_POINTS) return { ok: false, problem: { key: 'admin.data.tooMany', params: { max: DATA_MAX_POINTS, count: points.length } } };
  if (points.every(([s]) => s === points[0][0])) return { ok: false, problem: { key: 'admin.data.sameFeature', params: { name: header[0] } } };
  return { ok: true, value: { columns: [header[0], header[1]], points } };
}

/** A regression level's definition, ready for the level form. */
export interface RegressionLevel {
  expression: string;
  axes: ['a', 'b'];
  data: DataSet;
  /** [[a lo, a hi], [b lo, b hi]]. */
  domain: [[number, number], [number, number]];
  /** (a, b) = (0, mean of the target): the flat line through the target's mean. */
  start: [number, number];
  /** The least-squares line and its MSE (what f* will be). */
  fit: Line & { mse: number };
  /** The MSE at the start (the target's variance). */
  startMse: number;
}

const tidy = (v: number): number => Number(v.toPrecision(12));

/** A round step for an axis of this span: 1, 2 or 5 times a power of ten, about a tenth of the span. */
export function niceStep(span: number): number {
  const raw = span / 10;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return tidy([1, 2, 5, 10].map((m) => m * mag).find((step) => step >= raw * (1 - 1e-12)) ?? 10 * mag);
}

/** [lo, hi] widened outward to multiples of a round step. */
export function niceRange(lo: number, hi: number): [number, number] {
  const step = niceStep(hi - lo);
  return [tidy(Math.floor(lo / step) * step), tidy(Math.ceil(hi / step) * step)];
}

/**
 * Builds the level from parsed data. The domain:
 * - a (the slope) spans the least-squares slope a* ± k, with k = sd(target) / sd(feature): the steepest slope the
 *   data could justify (|a*| = |r|·k ≤ k), so the range holds a* and the flat line a = 0;
 * - b (the intercept) spans the intercepts of the lines through the data's centre (mean feature, mean target) with
 *   those slopes, b = mean(target) − a·mean(feature), widened by sd(target) on each side: it holds b* and mean(target);
 * - both widened outward to round numbers. The start is (0, mean target): the line that predicts the mean for
 *   everyone, whose MSE is the target's variance — the guess of someone who ignores the feature.
 * The expression is lineMseExpression(points), refused when longer than LevelBody allows.
 */
export function regressionLevel(parsed: ParsedData): Parsed<RegressionLevel> {
  const { points, columns } = parsed;
  const expression = lineMseExpression(points);
  if (expression.length > EXPRESSION_MAX_LENGTH) {
    const perPoint = expression.length / points.length;
    return {
      ok: false,
      problem: { key: 'admin.data.tooLong', params: { length: expression.length, max: EXPRESSION_MAX_LENGTH, points: Math.max(DATA_MIN_POINTS, Math.floor(EXPRESSION_MAX_LENGTH / perPoint) - 1) } },
    };
  }
  const feature = featureStats(points);
  const target = featureStats(points.map(([s, y]) => [y, s] as const));
  const fit = leastSquaresLine(points);
  const spread = target.sd > 0 ? target.sd : 1;
  const k = spread / feature.sd;
  const aRange = niceRange(fit.a - k, fit.a + k);
  const interceptAt = (a: number) => target.mean - a * feature.mean;
  const bEnds = aRange.map(interceptAt);
  const bRange = niceRange(Math.min(...bEnds) - spread, Math.max(...bEnds) + spread);
  // the mean, to a hundredth of the axis's round step (kept inside the range)
  const q = niceStep(bRange[1] - bRange[0]) / 100;
  const start: [number, number] = [0, Math.min(bRange[1], Math.max(bRange[0], tidy(Math.round(target.mean / q) * q)))];
  return {
    ok: true,
    value: {
      expression,
      axes: ['a', 'b'],
      data: { columns: [{ en: columns[0], 'zh-TW': columns[0] }, { en: columns[1], 'zh-TW': columns[1] }], points: points.map(([s, y]) => [s, y]) },
      domain: [aRange, bRange],
      start,
      fit,
      startMse: lineMse(points, { a: start[0], b: start[1] }),
    },
  };
}
