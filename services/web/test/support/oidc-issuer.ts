import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface MockIssuer {
  readonly issuer: string;
  /** Token requests the issuer received, each with whether the PKCE verifier matched the challenge. */
  readonly tokenRequests: Array<{ pkceVerified: boolean }>;
  stop(): Promise<void>;
}

/**
 * A minimal OpenID Connect issuer on loopback for the sign-in test: discovery, an
 * authorization endpoint that approves at once, and a token endpoint that checks the
 * PKCE verifier (S256) before it returns RS256-signed tokens carrying Fleksi's claims.
 */
export async function startMockIssuer(claims: { subject: string; tenant: string; roles: string[] }): Promise<MockIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; clientId: string; nonce: string | null }>();
  const tokenRequests: Array<{ pkceVerified: boolean }> = [];
  let issuer = '';

  const sign = (payload: Record<string, unknown>, audience: string): Promise<string> =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(claims.subject)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', issuer);
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-allow-headers', 'content-type, authorization');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      sendJson(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
      return;
    }
    if (url.pathname === '/jwks') {
      sendJson(response, 200, { keys: [jwk] });
      return;
    }
    if (url.pathname === '/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: url.searchParams.get('code_challenge') ?? '', clientId: url.searchParams.get('client_id') ?? '', nonce: url.searchParams.get('nonce') });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      target.searchParams.set('state', url.searchParams.get('state') ?? '');
      response.writeHead(302, { location: target.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const form = new URLSearchParams(await readBody(request));
      const grant = codes.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const pkceVerified = grant !== undefined && createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
      tokenRequests.push({ pkceVerified });
      if (grant === undefined || !pkceVerified) {
        sendJson(response, 400, { error: 'invalid_grant' });
        return;
      }
      codes.delete(form.get('code') ?? '');
      sendJson(response, 200, {
        token_type: 'Bearer',
        expires_in: 600,
        access_token: await sign({ tenant: claims.tenant, roles: claims.roles }, 'fleksi-api'),
        id_token: await sign({ ...(grant.nonce === null ? {} : { nonce: grant.nonce }) }, grant.clientId),
      });
      return;
    }
    sendJson(response, 404, { error: 'not_found' });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendJson(response, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    issuer,
    tokenRequests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
