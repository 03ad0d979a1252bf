import { useEffect, useRef, useState } from 'preact/hooks';

import { ErrorNotice, Loading } from '../components/common.tsx';
import { formatInstant } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { completeOidcSignIn, decodeToken, startOidcSignIn, type AppConfig, type Session } from '../session.ts';

interface SignInProps {
  readonly config: AppConfig | undefined;
  readonly configError: unknown;
  readonly expired: boolean;
  readonly onSignedIn: (session: Session) => void;
}

/** Sign-in with the agency's OpenID Connect issuer when the server names one, and by pasting a token. */
export function SignInPage({ config, configError, expired, onSignedIn }: SignInProps) {
  const { t, locale } = useI18n();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [oidcError, setOidcError] = useState<unknown>(undefined);
  const [redirecting, setRedirecting] = useState(false);

  const submit = (event: Event): void => {
    event.preventDefault();
    const decoded = decodeToken(token);
    if ('problem' in decoded) {
      setProblem(t(decoded.problem, { time: formatInstant(locale, decoded.expiresAt === undefined ? null : new Date(decoded.expiresAt * 1000).toISOString()) }));
      return;
    }
    setProblem(undefined);
    onSignedIn({ token: token.trim(), claims: decoded.claims, via: 'token' });
  };

  const signInWithOidc = async (): Promise<void> => {
    if (!config?.oidc) {
      return;
    }
    setRedirecting(true);
    setOidcError(undefined);
    try {
      await startOidcSignIn(config.oidc);
    } catch (error) {
      setRedirecting(false);
      setOidcError(new Error(t('oidcFailed', { message: error instanceof Error ? error.message : String(error) })));
    }
  };

  return (
    <div class="sign-in">
      {expired ? (
        <p class="notice" role="status">
          {t('sessionExpired')}
        </p>
      ) : null}
      {configError === undefined ? null : <ErrorNotice error={new Error(t('configFailed', { message: configError instanceof Error ? configError.message : String(configError) }))} />}

      {config?.oidc ? (
        <section class="card" aria-labelledby="masuk-sso">
          <h2 id="masuk-sso">{t('signInWithOidc')}</h2>
          <p>{t('signInOidcHint', { issuer: new URL(config.oidc.issuer).host })}</p>
          <button type="button" class="button-primary" onClick={() => void signInWithOidc()} disabled={redirecting} aria-busy={redirecting}>
            {t('signInWithOidc')}
          </button>
          <ErrorNotice error={oidcError} />
        </section>
      ) : null}

      <section class="card" aria-labelledby="masuk-token">
        <h2 id="masuk-token">{config?.oidc ? t('orPasteToken') : t('signInWithToken')}</h2>
        <form onSubmit={submit} noValidate>
          <label for="token">{t('tokenLabel')}</label>
          <textarea
            id="token"
            name="token"
            rows={5}
            spellcheck={false}
            autocomplete="off"
            aria-describedby={problem === undefined ? 'token-hint' : 'token-hint token-problem'}
            aria-invalid={problem !== undefined}
            value={token}
            onInput={(event) => setToken((event.currentTarget as HTMLTextAreaElement).value)}
          />
          <p id="token-hint" class="hint">
            {t('tokenHint')}
          </p>
          {problem === undefined ? null : (
            <p id="token-problem" class="field-error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" class="button-primary">
            {t('signIn')}
          </button>
        </form>
      </section>
    </div>
  );
}

/** Completes the sign-in when the issuer redirects back with the authorization code, which is exchanged for tokens with the PKCE verifier. */
export function OidcCallbackPage({ config, configError, onSignedIn }: Omit<SignInProps, 'expired'>) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(undefined);
  const started = useRef(false);

  useEffect(() => {
    if (config === undefined || started.current) {
      return;
    }
    started.current = true;
    if (config.oidc === null) {
      setError(new Error(t('oidcUnavailable')));
      return;
    }
    completeOidcSignIn(config.oidc).then(
      (accessToken) => {
        const decoded = decodeToken(accessToken);
        if ('problem' in decoded) {
          setError(new Error(t(decoded.problem, { time: '' })));
          return;
        }
        onSignedIn({ token: accessToken, claims: decoded.claims, via: 'oidc' });
      },
      (caught: unknown) => setError(new Error(t('oidcFailed', { message: caught instanceof Error ? caught.message : String(caught) }))),
    );
  }, [config]);

  if (configError !== undefined) {
    return <ErrorNotice error={new Error(t('configFailed', { message: configError instanceof Error ? configError.message : String(configError) }))} />;
  }
  if (error !== undefined) {
    return (
      <>
        <ErrorNotice error={error} />
        <p>
          <a href="/app/masuk">{t('signInTitle')}</a>
        </p>
      </>
    );
  }
  return <Loading message={t('oidcCompleting')} />;
}
