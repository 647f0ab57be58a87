/**
 * f*, argmin and median of the demo game's levels (server/game/templates.ts SLIDE_LEVELS), analysed once and kept
 * here: a new database's demo seed then starts no analysis at all. Written by `npx tsx scripts/slide-analyses.ts`;
 * tests/unit/slide-analyses.test.ts checks it against a fresh analysis. Do not edit by hand.
 */
import type { LevelDefinition } from './types.ts';

export const SLIDE_ANALYSES: readonly (Omit<LevelDefinition, 'dims' | 'samples'> & { key: string })[] = [
  {"key":"bowl","expression":"0.4*(x - 2)^2 + exp(-x/2)","domain":[[-5,7]],"start":[-4],"fStar":0.34884763481823616,"argmin":[2.2072877116749865],"median":4.385081089644714},
  {"key":"local-minima","expression":"0.5*(x - 2.5)^2 + 3*cos(2*x)","domain":[[-5,6.5]],"start":[-4.5],"fStar":-2.6015512065968616,"argmin":[1.642500160617432],"median":4.939427124765753},
  {"key":"shelf","expression":"3*log(1 + exp(-2*(x + 2))) - 8*exp(-(x - 3)^2 / 0.8) + 2*log(1 + exp(3*(x - 4.5)))","domain":[[-5,6]],"start":[-4],"fStar":-7.977875016852992,"argmin":[2.9967492162085323],"median":0.4546956118296374},
  {"key":"regression","expression":"((80 - (15.35*x + y))^2 + (81 - (14.35*x + y))^2 + (85 - (13.9*x + y))^2 + (90 - (10.7*x + y))^2 + (91 - (18.4*x + y))^2 + (95 - (12.2*x + y))^2 + (101 - (15.606*x + y))^2 + (102 - (17.7*x + y))^2 + (110 - (20.33*x + y))^2) / 9","domain":[[0,4],[30,100]],"start":[3.33,50],"fStar":65.46828055663869,"argmin":[1.7907751360867703,65.21257509428034],"median":456.5913221482663},
];
