/**
 * One source for what the server and all three pages say about the reference optimizers and a level's defaults:
 * each optimizer's colour, i18n label key and default hyper-parameters. Plain data, no DOM, no Node.
 *
 * The colours are from the Okabe–Ito palette (told apart with the common colour-vision deficiencies) and each has
 * a contrast of at least 3:1 against both the dark projector background (#0f172a) and a white phone page
 * (WCAG's figure for lines and marks), so one hex serves every page.
 */
/** The reference optimizers, in the order pages list them. Declared here (no TypeBox), so pages import it cheaply. */
export const OPTIMIZERS = ['gd', 'momentum', 'adam'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

/** A level's guess budget when the instructor sets none (null in a level means unlimited). */
export const DEFAULT_BUDGET = 20;
/** A level's delay between a guess and its result, in ms (the slides: "about 10 s"). */
export const DEFAULT_DELAY_MS = 10_000;
/** The longest delay a level (or a game's default) may have, in ms: ten minutes. */
export const MAX_DELAY_MS = 600_000;
/** The largest guess budget a level (or a game's default) may have. */
export const MAX_BUDGET = 10_000;
/** A game's login wait, in ms (the slides: "會等個10s"). */
export const DEFAULT_LOGIN_DELAY_MS = 10_000;

/** Momentum's β when none is given: the textbook value (tf.train.momentum has no default). */
export const MOMENTUM_DEFAULT_BETA = 0.9;
/** Adam's constants as tf.train.adam uses them when given only a learning rate (ε: the float32 backends'). */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Hyper-parameters of one optimizer: β only for momentum. */
export interface OptimizerSettings {
  lr: number;
  beta?: number;
  steps: number;
}

/** What every page shows for an optimizer. */
export interface OptimizerInfo {
  id: Optimizer;
  /** One hex colour for the line and marks of this optimizer, on every page. */
  colour: string;
  /** The i18n key of its name (shared/i18n/common.ts). */
  labelKey: `opt.${Optimizer}`;
  /** Settings offered when a level has none of its own: the admin form's starting values. */
  defaults: OptimizerSettings;
}

/** A team with the default budget is compared over its 20 guesses: the start and 19 steps. */
const DEFAULT_STEPS = DEFAULT_BUDGET - 1;

export const OPTIMIZER_INFO: Readonly<Record<Optimizer, OptimizerInfo>> = {
  gd: { id: 'gd', colour: '#D55E00', labelKey: 'opt.gd', defaults: { lr: 0.1, steps: DEFAULT_STEPS } },
  momentum: {
    id: 'momentum',
    colour: '#009E73',
    labelKey: 'opt.momentum',
    defaults: { lr: 0.1, beta: MOMENTUM_DEFAULT_BETA, steps: DEFAULT_STEPS },
  },
  adam: { id: 'adam', colour: '#8B5CF6', labelKey: 'opt.adam', defaults: { lr: 0.1, steps: DEFAULT_STEPS } },
};

/** The colour of an optimizer's line and marks. */
export const optimizerColour = (optimizer: Optimizer): string => OPTIMIZER_INFO[optimizer].colour;

/**
 * Variants of a reference run beside the plain optimizer. 'standardised': gradient descent on the regression
 * level with the feature standardised ((s − mean) / standard deviation), its path mapped back to (a, b). Drawn
 * in its optimizer's colour with a dashed line.
 */
export const REFERENCE_VARIANTS = ['standardised'] as const;
export type ReferenceVariant = (typeof REFERENCE_VARIANTS)[number];
/** The i18n key of a variant's name, to add to shared/i18n/common.ts (e.g. "GD, standardised feature"). */
export const variantLabelKey = (variant: ReferenceVariant): `opt.variant.${ReferenceVariant}` => `opt.variant.${variant}`;
