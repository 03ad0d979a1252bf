/** Settings read from the environment once, at start-up. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
}

export function readServerConfig(environment: NodeJS.ProcessEnv): ServerConfig {
  return {
    host: environment['HOST'] ?? '127.0.0.1',
    port: readPort(environment['PORT'], 3000),
    logLevel: environment['FLEKSI_LOG_LEVEL'] ?? 'info',
  };
}

function readPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') {
    return fallback;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a TCP port number from 0 to 65535, got ${JSON.stringify(value)}`);
  }
  return port;
}
