import { useCallback, useEffect, useState } from 'preact/hooks';

/** Routing on the History API: each page has its own address under /app, and filters live in the query string. */
const CHANGE_EVENT = 'fleksi:navigate';

export interface Place {
  readonly path: string;
  readonly query: URLSearchParams;
}

function currentPlace(): Place {
  return { path: location.pathname.replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) {
    history.replaceState(null, '', to);
  } else {
    history.pushState(null, '', to);
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

export function usePlace(): Place {
  const [place, setPlace] = useState(currentPlace);
  useEffect(() => {
    const update = (): void => setPlace(currentPlace());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE_EVENT, update);
    };
  }, []);
  return place;
}

/**
 * Reads the page's filters from the query string and writes changes back with
 * replaceState, so a reload or a shared link shows the same view.
 */
export function useQueryParameters<T extends Record<string, string>>(defaults: T): [T, (changes: Partial<T>) => void] {
  const place = usePlace();
  const values = Object.fromEntries(Object.entries(defaults).map(([name, fallback]) => [name, place.query.get(name) ?? fallback])) as T;
  const update = useCallback((changes: Partial<T>) => {
    const query = new URLSearchParams(location.search);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined || value === '') {
        query.delete(name);
      } else {
        query.set(name, value as string);
      }
    }
    const text = query.toString();
    navigate(`${location.pathname}${text === '' ? '' : `?${text}`}`, { replace: true });
  }, []);
  return [values, update];
}

/** Click handler for in-app links: plain clicks navigate without a reload; modified clicks keep the browser's behaviour. */
export function followLink(event: MouseEvent): void {
  const link = (event.currentTarget as HTMLAnchorElement | null) ?? undefined;
  if (link === undefined || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(link.getAttribute('href') ?? '/app');
}
