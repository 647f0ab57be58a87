import type { GameService } from './service.ts';
import { SLIDE_LEVELS } from './templates.ts';

/** Seeds the demo game of the design when the database has no game: the four slide levels, teams 1–12. */
export async function seedDemo(game: GameService): Promise<{ seeded: boolean }> {
  if ((await game.store.countGames()) > 0) return { seeded: false };
  const demo = await game.store.createGame({ title: '梯度下降大作戰 GD Arena (demo)', loginDelayMs: 10_000 });
  for (const t of SLIDE_LEVELS) {
    await game.createLevel(demo.id, {
      title: `${t.title['zh-TW']} · ${t.title.en}`,
      expression: t.expression,
      domain: t.domain,
      delayMs: t.delayMs ?? 10_000,
      budget: t.budget === undefined ? 20 : t.budget,
      start: t.start,
    });
  }
  await game.createTeams(demo.id, { count: 12 });
  await game.activateGame(demo.id);
  return { seeded: true };
}
