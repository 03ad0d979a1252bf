import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import metricsPlugin from 'fastify-metrics';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';

import { createFleksiEventRegistry } from '@fleksi/contracts';
import { StateCache, TenantCache, type EmployeeDirectory } from '@fleksi/domain';
import type { EventStore } from '@fleksi/event-store';
import type { PostgresOrigin } from '@fleksi/postgres';

import { registerAuditRoutes } from './audit/audit-routes.ts';
import { authenticate } from './auth/authenticate.ts';
import type { TokenVerifier } from './auth/tokens.ts';
import { registerCommandRoutes } from './commands/register-routes.ts';
import { registerFingerprintRoutes } from './fingerprint/routes.ts';
import { ReadModelDirectory } from './queries/directory.ts';
import { registerReadRoutes } from './queries/read-routes.ts';
import { TrialEvaluationService } from './trials/evaluation-service.ts';
import { registerTrialRoutes } from './trials/trial-routes.ts';
import { withLogRedaction } from './http/log-redaction.ts';
import { installProblemHandlers } from './http/problem.ts';
import { zodValidatorCompiler } from './http/validation.ts';
import { registerSystemRoutes } from './system-routes.ts';

export interface AppDependencies {
  readonly eventStore: EventStore;
  readonly pool: pg.Pool;
  readonly databaseOrigin: PostgresOrigin;
  readonly logger: FastifyBaseLogger;
  readonly version: string;
  readonly verifier: TokenVerifier;
  /** Current time as an ISO instant; tests pass a fixed clock. */
  readonly clock?: () => string;
  readonly directory?: EmployeeDirectory;
  /** Requests per minute per caller on command routes. */
  readonly rateLimitPerMinute?: number;
  /** The cache of trial evaluations; tests pass one in to count computations. */
  readonly trialEvaluations?: TrialEvaluationService;
  /** Runs before any route is registered, for embedders such as the demo's simulated clock. */
  readonly beforeRoutes?: (app: FastifyInstance) => void | Promise<void>;
}

export const BODY_LIMIT_BYTES = 256 * 1024;

/** Request ids accepted from callers: letters, digits, dot, dash and underscore, at most 64. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP application without listening, so tests can use `inject`. */
export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: withLogRedaction(dependencies.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    // A caller's x-request-id is kept only when it is a short plain token, because it
    // goes into every log line and problem document of the request.
    requestIdHeader: false,
    genReqId: (request) => {
      const callerRequestId = request.headers['x-request-id'];
      return typeof callerRequestId === 'string' && REQUEST_ID_PATTERN.test(callerRequestId) ? callerRequestId : crypto.randomUUID();
    },
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app, { bodyLimit: BODY_LIMIT_BYTES });

  // 1. Cross-cutting plugins: security headers, rate limits, metrics, API docs.
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  await app.register(rateLimit, {
    global: false,
    // Per caller: the authenticated tenant and subject (a fresh token does not reset
    // the count), else a terminal's credential, else the address.
    keyGenerator: (request) =>
      request.principal === undefined ? (request.headers.authorization?.slice(-32) ?? request.ip) : `${request.principal.tenantId}\u0000${request.principal.subject}`,
  });
  await app.register(metricsPlugin, {
    endpoint: '/metrics',
    // Each app owns the default registry, so tests that build several apps in one
    // process do not collide on metric names.
    clearRegisterOnInit: true,
    defaultMetrics: { enabled: true },
    routeMetrics: { enabled: true, registeredRoutesOnly: true },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Fleksi API', version: dependencies.version, description: 'Presensi, WFA, dan laporan kinerja harian ASN' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // 2. Bearer routes check the token before the body is read and validated, so a
  //    caller without a valid token gets 401, not 400, 413 or 415. The hook comes
  //    after the plugins, so its 401 still carries the security headers.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.schema?.security?.some((requirement) => 'bearer' in requirement) === true) {
      await authenticate(request, dependencies.verifier);
    }
  });

  // 3. Routes.
  await dependencies.beforeRoutes?.(app);
  await registerSystemRoutes(app, dependencies);
  const applicationDependencies = {
    store: dependencies.eventStore,
    registry: createFleksiEventRegistry(),
    clock: dependencies.clock ?? (() => new Date().toISOString()),
    directory: dependencies.directory ?? new ReadModelDirectory(dependencies.pool, dependencies.eventStore),
    cache: new StateCache(),
  };
  await registerCommandRoutes(app, {
    services: { dependencies: applicationDependencies, tenants: new TenantCache(dependencies.eventStore, 1_000) },
    verifier: dependencies.verifier,
    rateLimitPerMinute: dependencies.rateLimitPerMinute ?? 600,
  });
  await registerReadRoutes(app, { pool: dependencies.pool, verifier: dependencies.verifier });
  await registerFingerprintRoutes(app, { dependencies: applicationDependencies, tenants: new TenantCache(dependencies.eventStore), rateLimitPerMinute: dependencies.rateLimitPerMinute ?? 600 });
  await registerAuditRoutes(app, { pool: dependencies.pool, verifier: dependencies.verifier, dependencies: applicationDependencies });
  await registerTrialRoutes(app, { pool: dependencies.pool, verifier: dependencies.verifier, evaluations: dependencies.trialEvaluations ?? new TrialEvaluationService() });
  await app.register(import('./system/projection-routes.ts'), { pool: dependencies.pool, verifier: dependencies.verifier });
  await app.register(import('./web/web-routes.ts'), {});

  return app;
}
