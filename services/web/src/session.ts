import type { UserManager } from 'oidc-client-ts';

export const ROLES = ['employee', 'supervisor', 'unit_admin', 'tenant_admin', 'auditor', 'evaluator', 'system'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Facts about the signed-in user, decoded from the token without checking the
 * signature. The API verifies every request, so these claims only decide which pages
 * and buttons to show.
 */
export interface Claims {
  readonly subject: string;
  readonly tenant: string | null;
  readonly roles: readonly Role[];
  readonly nip: string | null;
  readonly unit: string | null;
  /** Expiry in seconds since the epoch, when the token has one. */
  readonly expiresAt: number | null;
}

export interface Session {
  readonly token: string;
  readonly claims: Claims;
  readonly via: 'token' | 'oidc';
}

/** Server settings the app reads from GET /app/config.json. */
export interface AppConfig {
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scope: string } | null;
}

export type TokenProblem = 'tokenEmpty' | 'tokenMalformed' | 'tokenExpired' | 'tokenNoRoles';

const STORAGE_KEY = 'fleksi.session';

/** Decodes a JWT's payload into claims, or names what is wrong with it. */
export function decodeToken(token: string, nowSeconds = Date.now() / 1000): { claims: Claims } | { problem: TokenProblem; expiresAt?: number } {
  const trimmed = token.trim();
  if (trimmed === '') {
    return { problem: 'tokenEmpty' };
  }
  const parts = trimmed.split('.');
  if (parts.length !== 3 || parts[1] === undefined || parts[1] === '') {
    return { problem: 'tokenMalformed' };
  }
  let payload: Record<string, unknown>;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (character) => character.charCodeAt(0));
    payload = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return { problem: 'tokenMalformed' };
  }
  if (typeof payload !== 'object' || payload === null) {
    return { problem: 'tokenMalformed' };
  }

  const expiresAt = typeof payload['exp'] === 'number' ? payload['exp'] : null;
  if (expiresAt !== null && expiresAt < nowSeconds) {
    return { problem: 'tokenExpired', expiresAt };
  }
  const roles = rolesOf(payload);
  if (roles.length === 0) {
    return { problem: 'tokenNoRoles' };
  }
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  return {
    claims: {
      subject: text(payload['preferred_username']) ?? text(payload['sub']) ?? '?',
      tenant: text(payload['tenant']),
      roles,
      nip: text(payload['nip']),
      unit: text(payload['unit']),
      expiresAt,
    },
  };
}

/**
 * Roles from the `roles` claim, or from Keycloak's `realm_access.roles` when an
 * issuer puts them there (the server reads the path set by FLEKSI_TOKEN_ROLES_CLAIM).
 */
function rolesOf(payload: Record<string, unknown>): Role[] {
  const realmAccess = payload['realm_access'];
  const candidates = Array.isArray(payload['roles'])
    ? payload['roles']
    : typeof realmAccess === 'object' && realmAccess !== null && Array.isArray((realmAccess as Record<string, unknown>)['roles'])
      ? ((realmAccess as Record<string, unknown>)['roles'] as unknown[])
      : [];
  return ROLES.filter((role) => candidates.includes(role));
}

/** Returns the session kept for this browser tab; sessionStorage ends it when the tab closes. */
export function loadSession(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (stored === null) {
      return undefined;
    }
    const { token, via } = JSON.parse(stored) as { token: string; via: Session['via'] };
    const decoded = decodeToken(token);
    return 'claims' in decoded ? { token, via, claims: decoded.claims } : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  try {
    if (session === undefined) {
      sessionStorage.removeItem(STORAGE_KEY);
    } else {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: session.token, via: session.via }));
    }
  } catch {
    // Without storage the session lasts until the page is reloaded.
  }
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/app/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  return (await response.json()) as AppConfig;
}

export const OIDC_CALLBACK_PATH = '/app/callback';

let userManager: Promise<UserManager> | undefined;

/**
 * Creates the OpenID Connect client lazily, so the library is only downloaded when an
 * issuer is configured. oidc-client-ts runs the authorization code flow with PKCE.
 */
function oidcClient(config: NonNullable<AppConfig['oidc']>): Promise<UserManager> {
  userManager ??= import('oidc-client-ts').then(
    ({ UserManager: Manager, WebStorageStateStore }) =>
      new Manager({
        authority: config.issuer,
        client_id: config.clientId,
        redirect_uri: `${location.origin}${OIDC_CALLBACK_PATH}`,
        post_logout_redirect_uri: `${location.origin}/app/masuk`,
        response_type: 'code',
        scope: config.scope,
        userStore: new WebStorageStateStore({ store: sessionStorage }),
        automaticSilentRenew: false,
      }),
  );
  return userManager;
}

export async function startOidcSignIn(config: NonNullable<AppConfig['oidc']>): Promise<void> {
  await (await oidcClient(config)).signinRedirect();
}

/** Completes the redirect back from the issuer and returns the access token for the API. */
export async function completeOidcSignIn(config: NonNullable<AppConfig['oidc']>): Promise<string> {
  const user = await (await oidcClient(config)).signinRedirectCallback();
  return user.access_token;
}

export async function endOidcSession(config: NonNullable<AppConfig['oidc']>): Promise<void> {
  await (await oidcClient(config)).removeUser();
}
