/** The board's size unit in px, as its CSS computes --u: 1 % of a 16:9 screen's width; 2.5 % of a phone's width. */
export function boardUnit(): number {
  if (innerWidth / innerHeight <= 4 / 5) return innerWidth * 0.025;
  return Math.min(innerWidth / 100, (innerHeight * 16) / 9 / 100);
}
