import fp from 'fastify-plugin';
import { compileLevelFunction, type LevelFunction } from '../math/expression.ts';
import type { ReferenceLevel, ReferenceRunner, ReferenceRunSpec as RunSpec } from '../game/ports.ts';
import type { NewReferenceRun } from '../game/types.ts';
import { loadTf } from '../reference/backend.ts';
import { DEFAULT_BETA, runReference, type ReferenceRunSpec } from '../reference/optimizers.ts';
import { suggestReference } from '../reference/defaults.ts';
import { CLASSIC_LEVELS, SLIDE_LEVELS, type LevelTemplate } from '../game/templates.ts';
import { OPTIMIZERS } from '../../shared/protocol.ts';

const squeeze = (e: string) => e.replace(/\s+/g, '');

/** The settings that show a level's lesson: its template's when it is one, else suggested from its curvature. */
export function referenceSettings(level: Pick<ReferenceLevel, 'expression' | 'domain' | 'start'>, fn: LevelFunction): LevelTemplate['reference'] {
  const template = [...SLIDE_LEVELS, ...CLASSIC_LEVELS].find((t) => squeeze(t.expression) === squeeze(level.expression));
  return template?.reference ?? suggestReference(fn, level.domain, level.start);
}

/**
 * Trains the runs and returns them as records to store: `owners[i][j]` is the team whose first guess is start j
 * of run i (null for the level's default start). β is kept for momentum only, the one optimizer that uses it.
 */
async function runToRecords(fn: LevelFunction, specs: ReferenceRunSpec[], owners: (number | null)[][]): Promise<NewReferenceRun[]> {
  const traces = await runReference(fn, specs);
  return traces.flatMap((perStart, i) =>
    perStart.map((trace, j) => ({
      teamId: owners[i][j],
      optimizer: specs[i].optimizer,
      lr: specs[i].lr,
      beta: specs[i].optimizer === 'momentum' ? (specs[i].beta ?? DEFAULT_BETA) : null,
      steps: specs[i].steps,
      diverged: trace.diverged,
      path: trace.path,
    })),
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    reference: ReferenceRunner;
  }
}

/**
 * The reference optimizers behind the game: TensorFlow.js loads in the background at start-up (the backend is
 * logged), and a revealed level gets GD, momentum and Adam from its default start and from each team's first guess.
 */
export default fp(
  async (app) => {
    let backend = 'loading';
    const loading = loadTf().then(
      (loaded) => {
        backend = loaded.backend;
        app.log.info({ backend: loaded.backend }, `TensorFlow.js backend: ${loaded.backend}`);
      },
      (err: unknown) => {
        backend = 'unavailable';
        app.log.error({ err }, 'TensorFlow.js could not be loaded: reference runs are unavailable');
      },
    );
    app.addHook('onClose', async () => {
      await loading;
    });

    const runner: ReferenceRunner = {
      backend: () => backend,
      async settings(level) {
        return referenceSettings(level, compileLevelFunction(level.expression, level.dims));
      },
      async run(level, specs: RunSpec[]) {
        const fn = compileLevelFunction(level.expression, level.dims);
        return runToRecords(
          fn,
          specs.map((s) => ({ optimizer: s.optimizer, lr: s.lr, beta: s.beta, steps: s.steps, starts: [s.start] })),
          specs.map((s) => [s.teamId]),
        );
      },
      async defaultRuns(level, firstGuesses) {
        const fn = compileLevelFunction(level.expression, level.dims);
        const settings = referenceSettings(level, fn);
        const specs: ReferenceRunSpec[] = [];
        const owners: (number | null)[][] = [];
        for (const optimizer of OPTIMIZERS) {
          const s = settings[optimizer];
          const beta = optimizer === 'momentum' ? settings.momentum.beta : undefined;
          specs.push({ optimizer, lr: s.lr, beta, steps: s.steps, starts: [level.start] });
          owners.push([null]);
          // A team that made k guesses is compared with paths of k points: the start and k − 1 steps.
          const bySteps = new Map<number, typeof firstGuesses>();
          for (const g of firstGuesses) bySteps.set(g.count - 1, [...(bySteps.get(g.count - 1) ?? []), g]);
          for (const [steps, group] of bySteps) {
            specs.push({ optimizer, lr: s.lr, beta, steps, starts: group.map((g) => g.x) });
            owners.push(group.map((g) => g.teamId));
          }
        }
        return runToRecords(fn, specs, owners);
      },
    };
    app.decorate('reference', runner);
  },
  { name: 'reference' },
);
