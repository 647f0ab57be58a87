import type { Game } from './index.ts';
import { DEFAULT_BUDGET, DEFAULT_DELAY_MS, DEFAULT_LOGIN_DELAY_MS } from '../../shared/optimizers.ts';
import { SLIDE_LEVELS } from './templates.ts';

/** Seeds the demo game of the design when the database has no game: the four slide levels, teams 1–12. */
export async function seedDemo(game: Game): Promise<{ seeded: boolean }> {
  if (!(await game.admin.isEmpty())) return { seeded: false };
  const demo = await game.admin.createGame({ title: '梯度下降大作戰 GD Arena (demo)', loginDelayMs: DEFAULT_LOGIN_DELAY_MS });
  for (const t of SLIDE_LEVELS) {
    await game.admin.createLevel(demo.id, {
      title: `${t.title['zh-TW']} · ${t.title.en}`,
      expression: t.expression,
      domain: t.domain,
      delayMs: t.delayMs ?? DEFAULT_DELAY_MS,
      budget: t.budget === undefined ? DEFAULT_BUDGET : t.budget,
      start: t.start,
      ...(t.axes ? { axes: [...t.axes] } : {}),
      ...(t.data ? { data: { columns: [t.data.columns[0], t.data.columns[1]], points: t.data.points } } : {}),
    });
  }
  await game.admin.createTeams(demo.id, { count: 12 });
  await game.admin.activateGame(demo.id);
  return { seeded: true };
}
