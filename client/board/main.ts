/** The projector scoreboard (/board). */
import './setup.ts';
import './gd-board-app.ts';
