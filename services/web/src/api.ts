import type { Language } from './i18n.ts';

/** An RFC 9457 problem document from the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly title: string | null,
    readonly detail: string | null,
  ) {
    super(detail ?? title ?? `HTTP ${status}`);
  }
}

export type QueryValue = string | number | boolean | undefined | null;

/** Calls the public HTTP API with the user's bearer token and language. */
export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly language: Language,
    private readonly onUnauthorized: () => void,
  ) {}

  async get<T>(path: string, query: Record<string, QueryValue> = {}): Promise<T> {
    const response = await this.fetch(withQuery(path, query), { headers: { accept: 'application/json' } });
    return (await response.json()) as T;
  }

  async command<T>(name: string, body: unknown): Promise<T> {
    const response = await this.fetch(`/v1/commands/${name}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  /**
   * Downloads a file with the bearer token and saves it under the server's file
   * name: a plain link could not send the Authorization header.
   */
  async download(path: string, query: Record<string, QueryValue>, fallbackName: string): Promise<string> {
    const response = await this.fetch(withQuery(path, query), {});
    const blob = await response.blob();
    const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // The browser reads the blob when the click is handled; release it afterwards.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return name;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.token}`, 'accept-language': this.language },
      });
    } catch (error) {
      throw new ApiError(0, null, null, error instanceof Error ? error.message : String(error));
    }
    if (response.ok) {
      return response;
    }
    const problem = (await response.json().catch(() => ({}))) as { code?: string; title?: string; detail?: string };
    if (response.status === 401) {
      this.onUnauthorized();
    }
    throw new ApiError(response.status, problem.code ?? null, problem.title ?? null, problem.detail ?? null);
  }
}

export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      parameters.set(name, String(value));
    }
  }
  const text = parameters.toString();
  return text === '' ? path : `${path}?${text}`;
}

function fileNameOf(disposition: string | null): string | undefined {
  if (disposition === null) {
    return undefined;
  }
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded !== undefined) {
    return decodeURIComponent(encoded);
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}
