/**
 * A refused level definition said in the page's language: the server's error carries a code, a reason
 * (shared/expression-errors.ts LEVEL_ERROR_REASONS) and params; each reason has one sentence in the admin table
 * (admin.reason.<CODE>.<REASON>). The English `message` is never shown. Pure: the strings come in as `Strings`.
 */

/** What the page's i18n offers: whether a key exists, and the translation with its params filled. */
export interface Strings {
  has(key: string): boolean;
  t(key: string, params?: Record<string, string | number>): string;
}

/** An error as the API answers it (ApiError plus the reason and params of the body). */
export interface ErrorInfo {
  code: string;
  reason?: string;
  params?: Record<string, string | number>;
}

/** The variables of a level's expression, by position: axis names stand in for them on the page. */
const VARIABLES = ['x', 'y'] as const;

/** A point of a reason ("0.5" or "(0.5, 1)") with the level's axis names: "x = 0.5", "(a, b) = (0.5, 1)". */
export function pointText(x: string | number, axes: readonly string[]): string {
  const text = String(x);
  if (/^\(.*\)$/.test(text)) return `(${(axes.length === 2 ? axes : VARIABLES).join(', ')}) = ${text}`;
  return `${axes[0] ?? VARIABLES[0]} = ${text}`;
}

/** The sentence for a refused level definition, or null when the error has no reason this table knows. */
export function levelErrorText(error: ErrorInfo, strings: Strings, axes: readonly string[] = VARIABLES): string | null {
  if (!error.reason) return null;
  const key = `admin.reason.${error.code}.${error.reason}`;
  if (!strings.has(key)) return null;
  const params: Record<string, string | number> = { ...(error.params ?? {}) };
  if (params.x !== undefined) params.x = pointText(params.x, axes);
  if (typeof params.axis === 'string') {
    const i = VARIABLES.indexOf(params.axis as (typeof VARIABLES)[number]);
    if (i >= 0 && axes[i]) params.axis = axes[i];
  }
  if (typeof params.construct === 'string') {
    const constructKey = `admin.construct.${params.construct}`;
    params.construct = strings.t(strings.has(constructKey) ? constructKey : 'admin.construct.other');
  }
  if (typeof params.value === 'string') {
    const valueKey = `admin.value.${params.value}`;
    if (strings.has(valueKey)) params.value = strings.t(valueKey);
  }
  return strings.t(key, params);
}
