import type { FastifyInstance } from 'fastify';
import { IdParams, ReferenceBody, ReferenceResponse } from '../../shared/protocol.ts';
import { ReferenceSettings, RegressionFit } from '../../shared/answers.ts';
import { ADMIN_ERRORS, ADMIN_SECURITY, BODY_ERRORS, errors, ok } from './route-docs.ts';

const doc = (summary: string, description?: string) => ({ tags: ['admin'], security: ADMIN_SECURITY, summary, ...(description ? { description } : {}) });

/** The instructor's reference runs (TensorFlow.js) and the slides' regression; registered inside /api/admin. */
export default async function adminReferenceRoutes(app: FastifyInstance): Promise<void> {
  const { admin } = app.game;
  app.post<{ Params: IdParams; Body: ReferenceBody }>(
    '/levels/:id/reference',
    {
      schema: {
        ...doc(
          'Run optimizers on a level (TensorFlow.js)',
          'Each run: optimizer gd, momentum or adam, lr, beta (momentum), steps, start (default: the level’s). A path holds the start and one point per step (steps + 1 points); it may leave the domain, and stops, marked `diverged`, where f is no longer finite. With `teams: true`, also every optimizer from each team’s first guess with as many evaluations as the team made. The runs replace the level’s earlier ones and are shown at the reveal.',
        ),
        params: IdParams,
        body: ReferenceBody,
        response: { 200: ok(ReferenceResponse, 'The backend and the runs'), ...errors(...BODY_ERRORS, 'NOT_FOUND', ...ADMIN_ERRORS) },
      },
    },
    async (request) => {
      const runs = await admin.runReference(request.params.id, request.body);
      return { backend: admin.referenceBackend(), runs };
    },
  );

  app.get<{ Params: IdParams }>(
    '/levels/:id/reference',
    { schema: { ...doc('The level’s stored reference runs'), params: IdParams, response: { 200: ok(ReferenceResponse, 'The backend and the runs'), ...errors('INVALID_BODY', 'NOT_FOUND', ...ADMIN_ERRORS) } } },
    async (request) => ({
      backend: admin.referenceBackend(),
      runs: await admin.referenceRuns(request.params.id),
    }),
  );

  app.get<{ Params: IdParams }>(
    '/levels/:id/reference/defaults',
    { schema: { ...doc('The settings the level’s lesson is shown with', 'Its template’s when the level is one of the templates, else suggested from its curvature.'), params: IdParams, response: { 200: ok(ReferenceSettings, 'One setting per optimizer'), ...errors('INVALID_BODY', 'NOT_FOUND', ...ADMIN_ERRORS) } } },
    async (request) => admin.referenceDefaults(request.params.id),
  );

  app.get(
    '/regression',
    { schema: { ...doc('The slides’ regression trained as a model', 'IQ = a·s + b over the nine points, fitted by plain GD and momentum from the slide’s line 3.33x + 50, beside the least-squares answer.'), response: { 200: ok(RegressionFit, 'The fit'), ...errors(...ADMIN_ERRORS) } } },
    async () => admin.regression(),
  );
}
