// Entry of the team page (served at / and /play): registers the page's strings before any element renders, then
// loads the app. The plot (Chart.js, the heat map: most of the page's bytes) is loaded once the team asks to log in,
// so a phone on classroom Wi-Fi draws the login form from a small download (issue 18).
import { addStrings } from '../common/i18n.ts';
import { play } from '../../shared/i18n/play.ts';

addStrings(play);

let plot: Promise<unknown> | null = null;
/** `<gd-guess-plot>` is upgraded when its module arrives; Lit keeps the properties set on it before. */
const loadPlot = () => (plot ??= import('./gd-guess-plot.ts'));

void import('./gd-play-app.ts').then(async () => {
  await customElements.whenDefined('gd-play-app');
  const app = document.querySelector('gd-play-app');
  if (!app) return;
  // Once a login is under way: its deliberate wait (the game's login delay) covers the download.
  const needed = () => app.phase !== 'login' || app.loginSince !== null;
  if (needed()) void loadPlot();
  else app.addController({ hostUpdated: () => void (needed() && loadPlot()) });
});
