/**
 * Why a level definition is refused: every INVALID_EXPRESSION, INVALID_DOMAIN (and INVALID_BODY for a bad start)
 * error of a level carries one of these reasons in `error.reason`, with the listed `error.params`, so a page can
 * say it in its own language (shared/i18n). The English `message` stays for scripts and logs.
 *
 * A point `x` is written as numbers only: `0.00123` on a 1-D level, `(0.5, 1)` on a 2-D one (a page adds its
 * own axis names).
 */
export const LEVEL_ERROR_REASONS = {
  INVALID_EXPRESSION: {
    /** Blank expression. */
    EMPTY: [],
    /** More than `max` characters. */
    TOO_LONG: ['max'],
    /** Nested deeper than `max` (brackets, calls and operators of different kinds). */
    TOO_DEEP: ['max'],
    /** More than `max` pieces (numbers, variables, operators, calls). */
    TOO_MANY_NODES: ['max'],
    /** mathjs cannot parse it; `char` is the position mathjs reports (`(char 5)` in its message; 0 when unknown). */
    PARSE: ['char'],
    /** A name that is neither a variable of the level nor pi or e. `variables` lists the allowed ones (`x` or `x, y`). */
    UNKNOWN_VARIABLE: ['name', 'variables'],
    /** `y` (or another variable of a 2-D level) on a 1-D level. */
    VARIABLE_NOT_IN_1D: ['name'],
    /** A function name used as a value (`sin * x`). */
    FUNCTION_AS_VARIABLE: ['name'],
    /** A unit of measure (`5 cm`). */
    UNIT: ['name'],
    /** A call of a name mathjs does not know. */
    UNKNOWN_FUNCTION: ['name'],
    /** A mathjs function outside the level whitelist (`evaluate`, `import`, …). */
    FUNCTION_NOT_ALLOWED: ['name'],
    /** `name` takes between `min` and `max` arguments and was given `count`. */
    ARGUMENT_COUNT: ['name', 'min', 'max', 'count'],
    /** An operator outside + − * / ^ (`!`, `<`, `.^`, `mod`, …). */
    OPERATOR_NOT_ALLOWED: ['operator'],
    /**
     * A construct a level cannot use; `construct` is one of: assignment, function-definition, matrix, object,
     * block, conditional, comparison, indexing, range, string, constant (true, null, …), call (calling something that
     * is not a name), other.
     */
    NOT_ALLOWED: ['construct'],
    /** f is not a finite number at `x`; `value` is `NaN`, `Infinity` or `-Infinity`. */
    NOT_FINITE: ['x', 'value'],
    /** The gradient of f is not finite at `x`. */
    GRADIENT_NOT_FINITE: ['x'],
    /** f grows without bound near `x` (a pole: division by zero, log(0), tan(π/2), …). */
    POLE: ['x'],
    /** The slope of f grows without bound near `x` (a cusp such as sqrt(|x|) or x^(1/3) at 0). */
    GRADIENT_POLE: ['x'],
    /** f is not finite anywhere on the domain. */
    NOWHERE_FINITE: [],
    /** Too slow to use: analysis over its time limit, or one gradient costing more than `ms` milliseconds. */
    TOO_SLOW: ['ms'],
  },
  INVALID_DOMAIN: {
    /** A level has 1 or 2 dimensions. */
    DIMENSIONS: [],
    /** The domain is not a list of `dims` intervals. */
    NOT_A_LIST: ['dims'],
    /** `count` intervals given where a `dims`-D level needs `dims`. */
    INTERVAL_COUNT: ['dims', 'count'],
    /** The interval for `axis` is not a pair [lo, hi]. */
    BAD_INTERVAL: ['axis'],
    /** The interval for `axis` holds something other than two finite numbers. */
    NOT_FINITE_BOUND: ['axis'],
    /** The interval for `axis` has lo ≥ hi. */
    EMPTY_INTERVAL: ['axis', 'lo', 'hi'],
    /** The interval for `axis` is wider than a float can hold. */
    TOO_WIDE: ['axis'],
  },
  INVALID_BODY: {
    /** The start point does not have `dims` finite coordinates. */
    BAD_START: ['dims'],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

type Reasons = typeof LEVEL_ERROR_REASONS;
export type LevelErrorCode = keyof Reasons;
export type LevelErrorReason<C extends LevelErrorCode = LevelErrorCode> = C extends LevelErrorCode ? keyof Reasons[C] & string : never;

/** The params a reason carries, by name. */
export type LevelErrorParams<C extends LevelErrorCode, R extends keyof Reasons[C]> = Reasons[C][R] extends readonly (infer K extends string)[]
  ? { [P in K]: string | number }
  : never;
