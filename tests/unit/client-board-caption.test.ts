/**
 * The reveal's caption (client/board/caption.ts) on the slide levels with their template settings: what each
 * optimizer did in the slides' words, level 4's standardised run, and how the teams compare by the shared rule.
 */
import { describe, expect, it } from 'vitest';
import { format } from '../../shared/i18n/index.ts';
import { board } from '../../shared/i18n/board.ts';
import { common } from '../../shared/i18n/common.ts';
import { COMPARISON_CAP } from '../../shared/comparison.ts';
import { classifyRun, revealCaption, type CaptionLine } from '../../client/board/caption.ts';
import { defaultRuns, variantRuns } from '../../client/board/runs.ts';
import { slideReveal, standings, type SlideKey, type TestTeam } from './client-board-reveals.ts';

const fmt = (v: number, digits = 4) => Number(v.toPrecision(digits + 2)).toString();
const name = (n: number, given: string) => given || `Team ${n}`;

/** A caption line as an English reader sees it (phrases translated first, as gd-reveal-caption does). */
function english(line: CaptionLine): string {
  const t = (key: string, params: Record<string, string | number>) => format(board.en[key] ?? common.en[key] ?? key, params);
  const params = { ...line.params };
  for (const [k, phrase] of Object.entries(line.phrases ?? {})) params[k] = t(phrase.key, { ...line.params, ...phrase.params });
  return t(line.key, params);
}

function caption(key: SlideKey, teams: TestTeam[], made?: Record<number, number>) {
  const { reveal, level } = slideReveal(key, teams);
  const leaderboard = standings(reveal, teams, made);
  const data = level.data ? { points: level.data.points, feature: level.data.columns[0].en } : undefined;
  return revealCaption(reveal, fmt, name, { axes: level.axes, leaderboard, data });
}

const keys = (lines: CaptionLine[]) => lines.map((l) => l.key);

describe('what each optimizer did, in the slides’ words', () => {
  it('level 3: gradient descent is stuck (卡住) on the shelf, momentum carries through (卡住靠慣性)', () => {
    const { reveal } = slideReveal('shelf');
    const [gd, momentum] = defaultRuns(reveal).map((run) => classifyRun(run, reveal));
    expect(gd.outcome).toBe('stalled');
    expect(momentum.outcome).toBe('reached');
    const lines = caption('shelf', []);
    expect(keys(lines)).toContain('board.caption.momentumCarried');
    expect(keys(lines)).not.toContain('board.caption.short');
    expect(board['zh-TW']['board.caption.stalled']).toContain('卡住');
    expect(board['zh-TW']['board.caption.momentumCarried']).toContain('卡住靠慣性');
    expect(english(lines[0])).toBe(`Gradient descent got stuck on the flat shelf (f = ${fmt(gd.fx, 3)}): the slope is almost 0, so its steps are tiny.`);
  });

  it('level 2: gradient descent is trapped in the first dip, momentum rolls over the hump', () => {
    const { reveal } = slideReveal('local-minima');
    const [gd, momentum] = defaultRuns(reveal).map((run) => classifyRun(run, reveal));
    expect(gd.outcome).toBe('trapped');
    expect(gd.at[0]).toBeCloseTo(-1.23, 1);
    expect(momentum.outcome).toBe('reached');
    const lines = caption('local-minima', []);
    expect(keys(lines)).toContain('board.caption.momentumOverHump');
    expect(english(lines[0])).toMatch(/^Gradient descent got trapped in the local minimum at x ≈ -1\.2\d* \(f = 4\.6\d*\)/);
  });

  it('level 4: plain descent crawls along the valley, and the standardised run says why it is so much faster', () => {
    const { reveal } = slideReveal('regression');
    expect(classifyRun(defaultRuns(reveal)[0], reveal).outcome).toBe('crawl');
    const [standardised] = variantRuns(reveal);
    expect(standardised).toMatchObject({ optimizer: 'gd', variant: 'standardised' });
    const line = caption('regression', []).find((l) => l.key === 'board.caption.standardised')!;
    expect(line.variant).toBe('standardised');
    // The swear factor's mean is 15.39: about 15. The run is at the least-squares MSE within a few steps.
    expect(line.params.k).toBe('15');
    expect(Number(line.params.steps)).toBeGreaterThan(0);
    expect(Number(line.params.steps)).toBeLessThanOrEqual(5);
    expect(Number(line.params.fx)).toBeCloseTo(65.468, 2);
    expect(english(line)).toBe(
      `Gradient descent, standardised feature: the swear factor is about 15, so ∂f/∂a ≈ 15 × ∂f/∂b — a long narrow valley. Standardised, the two are equal and descent walks straight to the answer: f = ${line.params.fx} after ${line.params.steps} steps.`,
    );
  });

  it('says a run diverged, and then draws no lesson from momentum beside it', () => {
    const { reveal, level } = slideReveal('bowl');
    const gd = { ...defaultRuns(reveal)[0], lr: 2, diverged: true, path: [{ x: -4, fx: 21.79 }, { x: 12.99, fx: 44.6 }] };
    const lines = revealCaption({ ...reveal, reference: [gd, ...reveal.reference.filter((r) => r.optimizer !== 'gd')] }, fmt, name, { axes: level.axes });
    expect(english(lines[0])).toBe('Gradient descent diverged: the learning rate is too large.');
    expect(keys(lines).filter((k) => k.startsWith('board.caption.momentum'))).toEqual([]);
  });

  it('speaks of a level’s points in its own names: (a, b) on level 4', () => {
    // A run that leaves the map names the point where it ended in the level's names.
    const { reveal, level } = slideReveal('regression');
    const escaped = { ...defaultRuns(reveal)[0], path: [...defaultRuns(reveal)[0].path, { x: [9, 20], fx: 5000 }] };
    const o = classifyRun(escaped, reveal);
    expect(o.outcome).toBe('escaped');
    const out = revealCaption({ ...reveal, reference: [escaped] }, fmt, name, { axes: level.axes });
    expect(english(out[0])).toBe('Gradient descent overshot and left the domain (at (a, b) ≈ (9, 20)).');
  });
});

describe('how the teams compare (shared/comparison.ts)', () => {
  it('counts the teams that beat GD run from their own first guess with as many evaluations, ties not counted', () => {
    // Team 1 guesses its way down the bowl; team 2 guesses once (GD with one evaluation is its own start: a tie).
    const teams = [
      { teamId: 1, number: 1, guesses: [[-4], [2.2]] },
      { teamId: 2, number: 2, guesses: [[5]] },
    ];
    const line = caption('bowl', teams).find((l) => l.key === 'board.caption.teamsBeatOwnGd')!;
    expect(line.params).toEqual({ n: 1, total: 2 });
  });

  it('follows a result that arrives after the reveal: the team appears and the counts change', () => {
    const before = [{ teamId: 1, number: 1, guesses: [[-4], [2.2]] }, { teamId: 2, number: 2, guesses: [] as number[][] }];
    const first = caption('bowl', before, { 2: 1 });
    expect(first.find((l) => l.key === 'board.caption.teamsBeatOwnGd')?.params).toEqual({ n: 1, total: 1 });
    // Team 2's pending guess is ready: its path and its runs from that guess are in the new reveal.
    const after = [before[0], { teamId: 2, number: 2, guesses: [[2.2072]] }];
    const second = caption('bowl', after);
    expect(second.find((l) => l.key === 'board.caption.teamsBeatOwnGd')?.params).toEqual({ n: 1, total: 2 });
    expect(english(second.find((l) => l.about === 'team')!)).toMatch(/^Team 2 found the minimum!/);
  });

  it('says in one line why the best team’s own start hid the lesson (level 3 from the shelf)', () => {
    // A whole budget of 20 guesses from the shelf (x = 0) to the valley.
    const walk = (from: number) => Array.from({ length: 20 }, (_, i) => [from + ((2.9 - from) * i) / 19]);
    const lines = caption('shelf', [{ teamId: 7, number: 7, guesses: walk(0) }]);
    const reason = lines.find((l) => l.key === 'board.caption.reason')!;
    expect(reason.phrases?.reason.key).toBe('reason.flat-start');
    expect(english(reason)).toBe(
      "Why did momentum not beat gradient descent from Team 7's first guess? The ground was flat at this start: with no slope, neither method gathered speed — both got stuck.",
    );
    // From level 3's own start the lesson shows: no reason line.
    expect(keys(caption('shelf', [{ teamId: 7, number: 7, guesses: walk(-4) }]))).not.toContain('board.caption.reason');
    // With two guesses the reason is that two are too few.
    const short = caption('shelf', [{ teamId: 7, number: 7, guesses: [[0], [2.9]] }]).find((l) => l.key === 'board.caption.reason')!;
    expect(english(short)).toBe("Why did momentum not beat gradient descent from Team 7's first guess? With 2 evaluations momentum cannot pull ahead yet: it needs more steps.");
  });

  it('says when the comparison was capped', () => {
    const guesses = Array.from({ length: COMPARISON_CAP + 5 }, (_, i) => [-4 + (i % 50) * 0.1]);
    const lines = caption('bowl', [{ teamId: 1, number: 1, guesses }]);
    expect(lines.find((l) => l.key === 'compare.capped')?.params).toEqual({ n: COMPARISON_CAP });
    expect(keys(caption('bowl', [{ teamId: 1, number: 1, guesses: guesses.slice(0, 20) }]))).not.toContain('compare.capped');
  });
});
