/**
 * Level functions: a mathjs expression in x (1-D) or x, y (2-D), parsed under size and depth limits and checked
 * against a whitelist (parse.ts), compiled once to a tape that gives f and its exact gradient (tape.ts, scalar.ts),
 * and the numbers the game needs about it — finiteness and poles (finite.ts), f*, argmin and median (analysis.ts),
 * plot samples (sampling.ts). A new level is analysed in a worker thread with a time limit (analyser.ts).
 *
 * This folder imports only mathjs (through mathjs.ts, its fast-loading single-file build), node built-ins,
 * server/workers.ts and shared/. This file is its public face: import from here.
 */
export { checkDomain, isInDomain, type Box, type Vec } from './domain.ts';
export { compileLevelFunction, type LevelFunction } from './level-function.ts';
export { checkFiniteOverDomain } from './finite.ts';
export { analyseLevel, analyseDefinition, gradientCost, GRADIENT_BUDGET_MS, type LevelAnalysis, type LevelDefinition } from './analysis.ts';
export { sampleCurve } from './sampling.ts';
export { ALLOWED_FUNCTIONS, EXPRESSION_LIMITS } from './parse.ts';
export { analyseLevelDefinition, LevelAnalyser, ANALYSIS_TIMEOUT_MS } from './analyser.ts';
