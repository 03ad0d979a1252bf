// Values the global set-up hands to every test file through vitest's `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser connection string of the PostgreSQL server shared by this test run. */
    pgAdminUrl: string;
  }
}

export {};
