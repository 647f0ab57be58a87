/** Runs before any element renders: the board's strings, and the language a projector URL may force (?lang=en). */
import { addStrings, getLocale, setLocale } from '../common/i18n.ts';
import { LOCALES } from '../../shared/i18n/index.ts';
import { board } from '../../shared/i18n/board.ts';

addStrings(board);

const forced = new URLSearchParams(location.search).get('lang')?.toLowerCase();
const match = LOCALES.find((l) => l.toLowerCase() === forced || l.split('-')[0] === forced);
if (match && match !== getLocale()) setLocale(match);
