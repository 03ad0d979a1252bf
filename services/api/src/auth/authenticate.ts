import type { FastifyRequest } from 'fastify';

import type { Principal } from '@fleksi/domain';

import { AuthenticationError, type TokenVerifier } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Verifies the bearer token of a request, once, and returns its principal. */
export async function authenticate(request: FastifyRequest, verifier: TokenVerifier): Promise<Principal> {
  if (request.principal !== undefined) {
    return request.principal;
  }
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new AuthenticationError('AUTH_TOKEN_MISSING', 'no Authorization header');
  }
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{10,8192})$/i.exec(header.trim());
  if (match?.[1] === undefined) {
    throw new AuthenticationError('AUTH_TOKEN_INVALID', 'Authorization header is not a bearer token');
  }
  const principal = await verifier.verify(match[1]);
  request.principal = principal;
  return principal;
}
