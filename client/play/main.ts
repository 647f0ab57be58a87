// Entry of the team page (served at / and /play): registers the page's strings before any element renders.
import { addStrings } from '../common/i18n.ts';
import { play } from '../../shared/i18n/play.ts';

addStrings(play);
void import('./gd-play-app.ts');
