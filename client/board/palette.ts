/**
 * Colours the board draws with: one per team (stable across views), a ramp for 2-D maps, and the optimizers'
 * colours, which come from shared/optimizers.ts (the same on the phones and in the admin panel).
 */
import { optimizerColour } from '../../shared/optimizers.ts';

export { optimizerColour };

/** A team's colour, by its position among the game's teams (golden-angle hues stay apart for any count). */
export function teamColour(position: number, alpha = 1): string {
  const hue = (position * 137.508 + 200) % 360;
  const light = position % 2 === 0 ? 72 : 64;
  return `hsla(${hue.toFixed(1)}, 85%, ${light}%, ${alpha})`;
}

/** Positions of teams by number, so team 3 has the same colour in the ranking and on the chart. */
export function teamPositions(numbers: Iterable<number>): Map<number, number> {
  return new Map([...new Set(numbers)].sort((a, b) => a - b).map((n, i) => [n, i]));
}

/** A variant of an optimizer (the standardised run) is drawn dashed in its optimizer's colour; plain runs solid. */
export function runDash(variant: string | null | undefined): number[] {
  return variant ? [12, 7] : [];
}

export const CURVE_COLOUR = '#e2e8f0';
/** f* and the least-squares line: the answer is gold wherever it is drawn. */
export const STAR_COLOUR = '#facc15';
/** The level's default start (the ring on the map, the start line on the data plot). */
export const START_COLOUR = '#ffffff';

/** Low values dark (the valley), high values pale: coloured paths stay visible on both. */
const RAMP: [number, number, number][] = [
  [6, 12, 34],
  [20, 44, 92],
  [40, 86, 138],
  [96, 140, 178],
  [176, 200, 218],
  [236, 242, 247],
];

/** The colour of t ∈ [0, 1] on the 2-D ramp. */
export function rampColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i];
  const b = RAMP[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}
