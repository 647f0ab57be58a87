/**
 * The play screen's elements and the helpers that feed them, loaded once a login is under way (its deliberate wait
 * covers the download), so the login view a phone downloads first stays small. The plot, which holds Chart.js, comes
 * separately (see main.ts).
 */
import './gd-guess-history.ts';
import './gd-guess-input.ts';
import './gd-level-stats.ts';
import './gd-reveal-panel.ts';
import './gd-standings.ts';
import './gd-team-code.ts';

export { compareWithReference } from './comparison.ts';
export { regressionSummary } from './data-line.ts';
