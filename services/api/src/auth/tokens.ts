import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';

import { Role, type ErrorCode } from '@fleksi/contracts';
import type { Principal } from '@fleksi/domain';

export class AuthenticationError extends Error {
  constructor(
    readonly code: Extract<ErrorCode, 'AUTH_TOKEN_MISSING' | 'AUTH_TOKEN_INVALID'>,
    reason: string,
  ) {
    super(reason);
  }
}

/** Where the principal's fields sit in the token; dotted paths reach nested claims such as Keycloak's `realm_access.roles`. */
export interface ClaimNames {
  readonly tenant: string;
  readonly roles: string;
  readonly nip: string;
  readonly unit: string;
}

export const DEFAULT_CLAIMS: ClaimNames = { tenant: 'tenant', roles: 'roles', nip: 'nip', unit: 'unit' };

export type TokenVerifierConfig =
  | { readonly kind: 'secret'; readonly secret: string; readonly issuer?: string; readonly audience?: string; readonly claims?: ClaimNames }
  | { readonly kind: 'oidc'; readonly issuer: string; readonly audience?: string; readonly jwksUrl?: string; readonly claims?: ClaimNames };

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** Asymmetric algorithms an OIDC issuer such as Keycloak signs with; `none` and HMAC are never accepted from it. */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  const claims = config.claims ?? DEFAULT_CLAIMS;
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];

  if (config.kind === 'secret') {
    if (config.secret.length < 32) {
      throw new Error('the JWT secret must have at least 32 characters; set FLEKSI_JWT_SECRET to a longer value');
    }
    key = new TextEncoder().encode(config.secret);
    algorithms = ['HS256'];
  } else {
    key = lazyJwks(config.issuer, config.jwksUrl);
    algorithms = OIDC_ALGORITHMS;
  }

  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key as never, {
          algorithms,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 30,
          ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
          ...(config.audience === undefined ? {} : { audience: config.audience }),
        }));
      } catch (error) {
        throw new AuthenticationError('AUTH_TOKEN_INVALID', (error as Error).message);
      }
      return toPrincipal(payload, claims);
    },
  };
}

/** Signs a development token with the shared secret (HS256). */
export async function signDevelopmentToken(
  secret: string,
  claims: { tenant: string; subject: string; roles: readonly Role[]; nip?: string; unit?: string },
  lifetimeSeconds = 12 * 3600,
): Promise<string> {
  const payload: JWTPayload = { tenant: claims.tenant, roles: [...claims.roles] };
  if (claims.nip !== undefined) {
    payload['nip'] = claims.nip;
  }
  if (claims.unit !== undefined) {
    payload['unit'] = claims.unit;
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
    .sign(new TextEncoder().encode(secret));
}

function toPrincipal(payload: JWTPayload, claims: ClaimNames): Principal {
  const tenantId = claimAt(payload, claims.tenant);
  if (typeof tenantId !== 'string' || tenantId === '' || typeof payload.sub !== 'string') {
    throw new AuthenticationError('AUTH_TOKEN_INVALID', `token has no ${claims.tenant} or sub claim`);
  }
  const rawRoles = claimAt(payload, claims.roles);
  const roles = (Array.isArray(rawRoles) ? rawRoles : []).flatMap((role) => {
    const parsed = Role.safeParse(role);
    return parsed.success ? [parsed.data] : [];
  });
  if (roles.length === 0) {
    throw new AuthenticationError('AUTH_TOKEN_INVALID', `token has no known role in ${claims.roles}`);
  }
  const nip = claimAt(payload, claims.nip);
  const unit = claimAt(payload, claims.unit);
  return {
    tenantId,
    subject: payload.sub,
    roles,
    nip: typeof nip === 'string' && /^\d{18}$/.test(nip) ? nip : null,
    unitId: typeof unit === 'string' && unit !== '' ? unit : null,
  };
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Resolves the issuer's JWKS on first use, so the server starts even while the issuer is down. */
function lazyJwks(issuer: string, jwksUrl: string | undefined): JWTVerifyGetKey {
  let resolved: Promise<JWTVerifyGetKey> | undefined;
  const resolve = async (): Promise<JWTVerifyGetKey> => {
    if (jwksUrl !== undefined) {
      return createRemoteJWKSet(new URL(jwksUrl));
    }
    const discovery = await fetch(new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`));
    if (!discovery.ok) {
      throw new Error(`OIDC discovery at ${issuer} failed with HTTP ${discovery.status}`);
    }
    const { jwks_uri: uri } = (await discovery.json()) as { jwks_uri?: string };
    if (uri === undefined) {
      throw new Error(`OIDC discovery at ${issuer} names no jwks_uri`);
    }
    return createRemoteJWKSet(new URL(uri));
  };
  return async (header, token) => {
    resolved ??= resolve().catch((error: unknown) => {
      resolved = undefined;
      throw error;
    });
    return (await resolved)(header, token);
  };
}
