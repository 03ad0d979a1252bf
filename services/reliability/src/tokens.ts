import { SignJWT } from 'jose';

import { signDevelopmentToken } from '@fleksi/api';
import type { Role } from '@fleksi/contracts';

/** HS256 secret shared by the suites and the API processes they start (at least 32 characters). */
export const RELIABILITY_SECRET = 'reliability-suite-secret-0123456789-abcdefghij';

export interface TokenClaims {
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly nip?: string;
  readonly unit?: string;
  readonly subject?: string;
}

/** Signs a valid token the way `npx fleksi token` does. */
export async function signToken(claims: TokenClaims, secret = RELIABILITY_SECRET): Promise<string> {
  return signDevelopmentToken(secret, {
    tenant: claims.tenant,
    subject: claims.subject ?? claims.nip ?? claims.roles.join('+'),
    roles: claims.roles,
    ...(claims.nip === undefined ? {} : { nip: claims.nip }),
    ...(claims.unit === undefined ? {} : { unit: claims.unit }),
  });
}

function payloadOf(claims: TokenClaims, expiresAt: number): Record<string, unknown> {
  return {
    tenant: claims.tenant,
    roles: [...claims.roles],
    sub: claims.subject ?? claims.nip ?? claims.roles.join('+'),
    ...(claims.nip === undefined ? {} : { nip: claims.nip }),
    ...(claims.unit === undefined ? {} : { unit: claims.unit }),
    iat: Math.floor(Date.now() / 1000) - 60,
    exp: expiresAt,
  };
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Tokens that every route must reject with 401, each carrying the claims of a
 * caller who would otherwise be allowed.
 */
export async function badTokens(claims: TokenClaims): Promise<Record<string, string>> {
  const inOneHour = Math.floor(Date.now() / 1000) + 3_600;
  const expired = await new SignJWT(payloadOf(claims, Math.floor(Date.now() / 1000) - 3_600))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(RELIABILITY_SECRET));
  const wronglySigned = await new SignJWT(payloadOf(claims, inOneHour))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('another-secret-of-sufficient-length-9876543210'));
  const algNone = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payloadOf(claims, inOneHour))}.`;
  const valid = await signToken(claims);
  const [header = '', payload = ''] = valid.split('.');
  return {
    expired,
    'wrongly signed': wronglySigned,
    'alg none': algNone,
    'signature removed': `${header}.${payload}.`,
    'payload swapped': `${header}.${base64url({ ...payloadOf(claims, inOneHour), roles: ['tenant_admin', 'system'] })}.${valid.split('.')[2] ?? ''}`,
  };
}
