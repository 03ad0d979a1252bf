import type { ClaimNames, TokenVerifierConfig } from './auth/tokens.ts';
import { DEFAULT_CLAIMS } from './auth/tokens.ts';

/** Settings read from the environment once, at start-up. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  readonly rateLimitPerMinute: number;
  /** Tenant created on first start when the log is empty; empty string for none. */
  readonly bootstrapTenant: string;
  /** Whether this process runs the projectors and the workday scheduler (FLEKSI_RUN_PROJECTIONS, default true). */
  readonly runProjections: boolean;
  /** Minutes between log checkpoints (FLEKSI_CHECKPOINT_INTERVAL_MINUTES, default 60). */
  readonly checkpointIntervalMinutes: number;
  /** Maximum wait for one database query before the request fails with 503 (FLEKSI_QUERY_TIMEOUT_MS, default 15000). */
  readonly queryTimeoutMs: number;
}

export function readServerConfig(environment: NodeJS.ProcessEnv): ServerConfig {
  return {
    host: environment['HOST'] ?? '127.0.0.1',
    port: readInteger(environment, 'PORT', 3000, 0, 65_535),
    logLevel: environment['FLEKSI_LOG_LEVEL'] ?? 'info',
    rateLimitPerMinute: readInteger(environment, 'FLEKSI_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    bootstrapTenant: environment['FLEKSI_BOOTSTRAP_TENANT'] ?? 'demo',
    runProjections: (environment['FLEKSI_RUN_PROJECTIONS'] ?? 'true') !== 'false',
    checkpointIntervalMinutes: readInteger(environment, 'FLEKSI_CHECKPOINT_INTERVAL_MINUTES', 60, 1, 10_080),
    queryTimeoutMs: readInteger(environment, 'FLEKSI_QUERY_TIMEOUT_MS', 15_000, 1_000, 3_600_000),
  };
}

/** OIDC when FLEKSI_OIDC_ISSUER is set, else the shared HS256 secret. */
export function readVerifierConfig(environment: NodeJS.ProcessEnv, secret: string): TokenVerifierConfig {
  const claims: ClaimNames = {
    tenant: environment['FLEKSI_TOKEN_TENANT_CLAIM'] ?? DEFAULT_CLAIMS.tenant,
    roles: environment['FLEKSI_TOKEN_ROLES_CLAIM'] ?? DEFAULT_CLAIMS.roles,
    nip: environment['FLEKSI_TOKEN_NIP_CLAIM'] ?? DEFAULT_CLAIMS.nip,
    unit: environment['FLEKSI_TOKEN_UNIT_CLAIM'] ?? DEFAULT_CLAIMS.unit,
  };
  const issuer = environment['FLEKSI_OIDC_ISSUER'];
  const audience = environment['FLEKSI_OIDC_AUDIENCE'];
  if (issuer !== undefined && issuer !== '') {
    const jwksUrl = environment['FLEKSI_OIDC_JWKS_URL'];
    return {
      kind: 'oidc',
      issuer,
      claims,
      ...(audience === undefined ? {} : { audience }),
      ...(jwksUrl === undefined ? {} : { jwksUrl }),
    };
  }
  return { kind: 'secret', secret, claims };
}

function readInteger(environment: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = environment[name];
  if (value === undefined || value === '') {
    return fallback;
  }
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}
