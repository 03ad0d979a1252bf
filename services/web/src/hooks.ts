import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';

import type { ApiClient } from './api.ts';
import type { Session } from './session.ts';

export interface AppContextValue {
  readonly api: ApiClient;
  readonly session: Session;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === undefined) {
    throw new Error('useApp is only available inside a signed-in page');
  }
  return value;
}

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/**
 * Runs `load` whenever a key changes and keeps the latest result. A slower response to
 * an older key never replaces a newer one. A key of `null` means there is nothing to load yet.
 */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: key !== null });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    if (key === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const ticket = ++latest.current;
    setState((previous) => ({ ...previous, error: undefined, loading: true }));
    loader.current().then(
      (data) => {
        if (ticket === latest.current) {
          setState({ data, error: undefined, loading: false });
        }
      },
      (error: unknown) => {
        if (ticket === latest.current) {
          setState({ data: undefined, error, loading: false });
        }
      },
    );
  }, [key, round]);

  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}
