import type { FastifyInstance } from 'fastify';
import { ErrorResponse, IdParams, ReferenceBody, ReferenceResponse } from '../../shared/protocol.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 503: ErrorResponse };

/** The instructor's reference runs (TensorFlow.js) and the slides' regression; registered inside /api/admin. */
export default async function adminReferenceRoutes(app: FastifyInstance): Promise<void> {
  const { admin } = app.game;
  app.post<{ Params: IdParams; Body: ReferenceBody }>(
    '/levels/:id/reference',
    { schema: { params: IdParams, body: ReferenceBody, response: { 200: ReferenceResponse, ...errors } } },
    async (request) => {
      const runs = await admin.runReference(request.params.id, request.body);
      return { backend: admin.referenceBackend(), runs };
    },
  );

  app.get<{ Params: IdParams }>('/levels/:id/reference', { schema: { params: IdParams, response: { 200: ReferenceResponse, ...errors } } }, async (request) => ({
    backend: admin.referenceBackend(),
    runs: await admin.referenceRuns(request.params.id),
  }));

  app.get<{ Params: IdParams }>('/levels/:id/reference/defaults', { schema: { params: IdParams } }, async (request) => admin.referenceDefaults(request.params.id));

  app.get('/regression', async () => admin.regression());
}
