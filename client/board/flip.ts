/** FLIP: rows that changed place slide from where they were instead of jumping (the eye can follow a team). */
export class RowMotion {
  private before = new Map<string, number>();

  /** Call before the DOM changes (willUpdate). */
  measure(rows: Iterable<HTMLElement>): void {
    this.before.clear();
    for (const row of rows) {
      const key = row.dataset.key;
      if (key) this.before.set(key, row.getBoundingClientRect().top);
    }
  }

  /** Call after the DOM changed (updated). */
  play(rows: Iterable<HTMLElement>): void {
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    for (const row of rows) {
      const key = row.dataset.key;
      if (!key) continue;
      const old = this.before.get(key);
      const now = row.getBoundingClientRect().top;
      if (old === undefined) {
        if (this.before.size > 0) row.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 500, easing: 'ease-out' });
      } else if (Math.abs(old - now) > 1) {
        row.animate([{ transform: `translateY(${old - now}px)` }, { transform: 'translateY(0)' }], { duration: 600, easing: 'cubic-bezier(.2,.8,.2,1)' });
      }
    }
  }
}

/** A short highlight on a row whose value just improved. */
export function flash(row: HTMLElement, colour = 'rgba(74, 222, 128, 0.45)'): void {
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  row.animate([{ backgroundColor: colour }, { backgroundColor: 'transparent' }], { duration: 1600, easing: 'ease-out' });
}
