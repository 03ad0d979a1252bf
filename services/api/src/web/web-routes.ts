import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';

import { ensureWebBundle, WEB_PACKAGE_DIR, type WebBundle } from '@fleksi/web';

export interface OidcClientSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

export interface WebRouteOptions {
  /**
   * The OpenID Connect client the sign-in page offers; null for none. When omitted it
   * is read from FLEKSI_OIDC_ISSUER, FLEKSI_OIDC_CLIENT_ID and FLEKSI_OIDC_SCOPE.
   */
  readonly oidc?: OidcClientSettings | null;
  readonly environment?: NodeJS.ProcessEnv;
}

const AppConfig = z.object({
  oidc: z.object({ issuer: z.string(), clientId: z.string(), scope: z.string() }).nullable().describe('OpenID Connect settings of the sign-in page; null when only pasted tokens are offered'),
});

/** Hashed asset names change with their content, so browsers may keep them for a year. */
const ASSET_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/**
 * Serves the web app (services/web) at /app and its settings at /app/config.json.
 * The bundle is built with Vite when the server starts listening, or on the first
 * request, whenever no bundle of the current sources exists (see ensureWebBundle), so
 * a fresh clone needs no build step. Unknown paths under /app return index.html,
 * because the app routes on the client.
 */
export default async function webRoutes(app: FastifyInstance, options: WebRouteOptions): Promise<void> {
  const oidc = options.oidc === undefined ? oidcFromEnvironment(app, options.environment ?? process.env) : options.oidc;
  const securityPolicy = contentSecurityPolicy(oidc);

  let bundle: Promise<WebBundle> | undefined;
  const currentBundle = (): Promise<WebBundle> => {
    bundle ??= ensureWebBundle(app.log).catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
    return bundle;
  };

  app.addHook('onListen', async () => {
    currentBundle().catch((error: unknown) => app.log.error({ err: error }, 'building the web app failed; /app will retry on the next request'));
  });

  // Files are sent from the bundle folder chosen per request; `root` only satisfies the plugin.
  await app.register(fastifyStatic, { root: WEB_PACKAGE_DIR, serve: false, preCompressed: true, wildcard: false });

  app.get('/app/config.json', { schema: { summary: 'Settings the web app reads at start: the OpenID Connect issuer and client id', tags: ['web'], response: { 200: AppConfig } } }, async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ oidc });
  });

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    const { directory } = await currentBundle();
    return reply
      .header('content-security-policy', securityPolicy)
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-cache')
      .sendFile('index.html', directory, { cacheControl: false });
  };

  app.get('/app', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));

  app.get('/app/*', { schema: { hide: true } }, async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (path.startsWith('assets/')) {
      const { directory } = await currentBundle();
      return reply.sendFile(path, directory, { maxAge: ASSET_MAX_AGE_MS, immutable: true });
    }
    // A path with a file extension names a file, which does not exist, so it gets 404 rather than the app.
    if (/\.[A-Za-z0-9]+$/.test(path)) {
      return reply.callNotFound();
    }
    return sendIndex(reply);
  });
}

function oidcFromEnvironment(app: FastifyInstance, environment: NodeJS.ProcessEnv): OidcClientSettings | null {
  const issuer = environment['FLEKSI_OIDC_ISSUER'] ?? '';
  const clientId = environment['FLEKSI_OIDC_CLIENT_ID'] ?? '';
  if (issuer === '') {
    return null;
  }
  if (clientId === '') {
    app.log.warn({ issuer }, 'FLEKSI_OIDC_ISSUER is set but FLEKSI_OIDC_CLIENT_ID is not, so the web app offers no OpenID Connect sign-in; set the client id registered at the issuer');
    return null;
  }
  if (!URL.canParse(issuer)) {
    throw new Error(`FLEKSI_OIDC_ISSUER must be an absolute URL such as https://sso.example.go.id/realms/fleksi, got ${JSON.stringify(issuer)}`);
  }
  return { issuer, clientId, scope: environment['FLEKSI_OIDC_SCOPE'] || 'openid profile' };
}

/**
 * Only the app's own files run, and requests go to this server and, for sign-in, to
 * the issuer. NOTE: an issuer whose token endpoint is on another origin than the issuer
 * URL (rare; discovery names it) would be blocked by connect-src.
 */
function contentSecurityPolicy(oidc: OidcClientSettings | null): string {
  const issuerOrigin = oidc === null ? '' : ` ${new URL(oidc.issuer).origin}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self'${issuerOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
