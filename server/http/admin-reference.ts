import type { FastifyInstance } from 'fastify';
import { ErrorResponse, IdParams, ReferenceBody, ReferenceResponse } from '../../shared/protocol.ts';
import { GameError } from '../../shared/errors.ts';
import type { ReferenceRunSpec } from '../reference/optimizers.ts';
import { fitRegression } from '../reference/regression.ts';
import { referenceSettings, runToRecords } from '../plugins/reference.ts';
import { referencePath } from '../game/views.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };


/** The instructor's reference runs (TensorFlow.js) and the slides' regression; registered inside /api/admin. */
export default async function adminReferenceRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: IdParams; Body: ReferenceBody }>(
    '/levels/:id/reference',
    { schema: { params: IdParams, body: ReferenceBody, response: { 200: ReferenceResponse, ...errors } } },
    async (request) => {
      const { room } = await app.game.levelFunction(request.params.id);
      const { level, fn } = room;
      const specs: ReferenceRunSpec[] = [];
      const owners: (number | null)[][] = [];
      for (const run of request.body.runs) {
        const start = run.start === undefined ? level.start : typeof run.start === 'number' ? [run.start] : run.start;
        if (start.length !== level.dims || start.some((v) => !Number.isFinite(v))) throw new GameError('INVALID_BODY', `start must have ${level.dims} coordinate(s)`);
        specs.push({ optimizer: run.optimizer, lr: run.lr, beta: run.beta, steps: run.steps, starts: [start] });
        owners.push([null]);
        if (request.body.teams) {
          // Each team's first guess, with as many evaluations as the team used guesses.
          for (const team of room.teams) {
            const guesses = room.byTeam.get(team.id) ?? [];
            if (guesses.length === 0) continue;
            specs.push({ optimizer: run.optimizer, lr: run.lr, beta: run.beta, steps: guesses.length - 1, starts: [guesses[0].x] });
            owners.push([team.id]);
          }
        }
      }
      const records = await runToRecords(fn, specs, owners);
      await app.game.saveReference(level.id, records);
      return { backend: app.tfBackend.name, runs: records.map((r) => referencePath(r, level.dims)) };
    },
  );

  app.get<{ Params: IdParams }>('/levels/:id/reference', { schema: { params: IdParams, response: { 200: ReferenceResponse, ...errors } } }, async (request) => {
    const level = await app.game.requireLevel(request.params.id);
    const runs = await app.game.store.referenceRuns(level.id);
    return { backend: app.tfBackend.name, runs: runs.map((r) => referencePath(r, level.dims)) };
  });

  app.get<{ Params: IdParams }>('/levels/:id/reference/defaults', { schema: { params: IdParams } }, async (request) => {
    const { room } = await app.game.levelFunction(request.params.id);
    return referenceSettings(room.level, room.fn);
  });

  app.get('/regression', async () => fitRegression());
}
