import type { MeResponse, TeamView } from '../../shared/protocol.ts';
import { storage } from '../common/storage.ts';

// localStorage is per origin, so each game server the class uses keeps its own session.
const SESSION_KEY = 'gd-arena.play.session';
const STATE_KEY = 'gd-arena.play.state';
const PREFS_KEY = 'gd-arena.play.prefs';

/** A logged-in team on one level: what a reload needs to put the team back. */
export interface Session {
  token: string;
  team: TeamView;
  /** The number the team typed, shown while switching levels (the token names the team). */
  teamNumber: number;
  levelId: number;
}

/** What the login form remembers between sessions. */
export interface Prefs {
  team?: string;
  /** The game asked for a PIN last time. */
  requirePin?: boolean;
  /** How long the last login took: the next wait is announced with it. */
  loginMs?: number;
  /** The team code this device last used or was given, with its team number: sent again when it logs in again. */
  code?: { team: number; code: string };
  /** The team code whose big card this device has dismissed. */
  codeSeen?: string;
}

export const sessionStore = {
  load(): Session | null {
    const s = storage.get<Session>(SESSION_KEY);
    return s && typeof s.token === 'string' && s.team && typeof s.levelId === 'number' ? s : null;
  },
  save(session: Session): void {
    storage.set(SESSION_KEY, session);
  },
  /** The last state the server sent, shown at once on reload (and while the server is out of reach). */
  loadState(levelId: number): MeResponse | null {
    const state = storage.get<MeResponse>(STATE_KEY);
    return state?.level?.id === levelId ? state : null;
  },
  saveState(state: MeResponse): void {
    storage.set(STATE_KEY, state);
  },
  clear(): void {
    storage.remove(SESSION_KEY);
    storage.remove(STATE_KEY);
  },
  prefs(): Prefs {
    return storage.get<Prefs>(PREFS_KEY) ?? {};
  },
  savePrefs(patch: Prefs): void {
    storage.set(PREFS_KEY, { ...sessionStore.prefs(), ...patch });
  },
};
