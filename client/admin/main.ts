/** Entry of the instructor's page (/admin). */
import { addStrings } from '../common/i18n.ts';
import { admin } from '../../shared/i18n/admin.ts';
// the elements translate only when they render (after this module has run), so registering below is in time
import './gd-admin-app.ts';

addStrings(admin);
