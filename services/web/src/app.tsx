import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

import { ApiClient } from './api.ts';
import { createI18n, I18nContext, storedLanguage, storeLanguage, useI18n, type Language } from './i18n.ts';
import { AppContext } from './hooks.ts';
import { PAGES, pagesFor, type PageDefinition, type PageId } from './pages.ts';
import { AuditPage } from './pages/audit.tsx';
import { CompliancePage } from './pages/compliance.tsx';
import { EvaluationPage } from './pages/evaluation.tsx';
import { RecapPage } from './pages/recap.tsx';
import { OidcCallbackPage, SignInPage } from './pages/sign-in.tsx';
import { SystemPage } from './pages/system.tsx';
import { followLink, navigate, usePlace } from './router.ts';
import { endOidcSession, loadConfig, loadSession, OIDC_CALLBACK_PATH, saveSession, type AppConfig, type Session } from './session.ts';

const PAGE_COMPONENTS: Record<PageId, () => preact.JSX.Element> = {
  evaluation: EvaluationPage,
  compliance: CompliancePage,
  recap: RecapPage,
  audit: AuditPage,
  system: SystemPage,
};

const SIGN_IN_PATH = '/app/masuk';

export function App() {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [config, setConfig] = useState<AppConfig | undefined>(undefined);
  const [configError, setConfigError] = useState<unknown>(undefined);
  const [expired, setExpired] = useState(false);
  const place = usePlace();
  const i18n = useMemo(() => createI18n(language), [language]);

  useEffect(() => {
    loadConfig().then(setConfig, setConfigError);
  }, []);
  useEffect(() => storeLanguage(language), [language]);

  const signIn = (next: Session): void => {
    saveSession(next);
    setSession(next);
    setExpired(false);
    navigate(pagesFor(next.claims.roles)[0]?.path ?? '/app', { replace: true });
  };
  const signOut = (reason?: 'expired'): void => {
    if (session?.via === 'oidc' && config?.oidc) {
      void endOidcSession(config.oidc);
    }
    saveSession(undefined);
    setSession(undefined);
    setExpired(reason === 'expired');
    navigate(SIGN_IN_PATH, { replace: true });
  };
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;

  const api = useMemo(() => (session === undefined ? undefined : new ApiClient(session.token, language, () => signOutRef.current('expired'))), [session, language]);
  const toggleLanguage = (): void => setLanguage(language === 'id' ? 'en' : 'id');

  let content: preact.JSX.Element;
  let title: string;
  if (place.path === OIDC_CALLBACK_PATH) {
    title = i18n.t('signInTitle');
    content = <OidcCallbackPage config={config} configError={configError} onSignedIn={signIn} />;
  } else if (session === undefined || api === undefined) {
    title = i18n.t('signInTitle');
    content = <SignInPage config={config} configError={configError} expired={expired} onSignedIn={signIn} />;
    if (place.path !== SIGN_IN_PATH) {
      queueMicrotask(() => navigate(SIGN_IN_PATH, { replace: true }));
    }
  } else {
    const allowed = pagesFor(session.claims.roles);
    const page = PAGES.find((candidate) => candidate.path === place.path);
    if (page === undefined && (place.path === '/app' || place.path === SIGN_IN_PATH) && allowed[0] !== undefined) {
      queueMicrotask(() => navigate(allowed[0]!.path, { replace: true }));
    }
    title = page === undefined ? i18n.t('appName') : i18n.t(page.title);
    content = (
      <AppContext.Provider value={{ api, session }}>
        <PageBody page={page} allowed={allowed} path={place.path} />
      </AppContext.Provider>
    );
  }

  return (
    <I18nContext.Provider value={i18n}>
      <Shell title={title} session={session} onToggleLanguage={toggleLanguage} onSignOut={() => signOut()} path={place.path}>
        {content}
      </Shell>
    </I18nContext.Provider>
  );
}

function PageBody({ page, allowed, path }: { page: PageDefinition | undefined; allowed: readonly PageDefinition[]; path: string }) {
  const { t } = useI18n();
  if (page === undefined) {
    if (allowed.length === 0) {
      return <p class="notice">{t('noPages')}</p>;
    }
    return path === '/app' ? null : <p class="notice">{t('notFoundPage')}</p>;
  }
  if (!allowed.includes(page)) {
    return <p class="notice notice-error" role="alert">{t('notAllowed')}</p>;
  }
  const Page = PAGE_COMPONENTS[page.id];
  return <Page />;
}

interface ShellProps {
  readonly title: string;
  readonly session: Session | undefined;
  readonly path: string;
  readonly onToggleLanguage: () => void;
  readonly onSignOut: () => void;
  readonly children: preact.ComponentChildren;
}

/** Header, menu and main region; moves focus to the page heading after each navigation. */
function Shell({ title, session, path, onToggleLanguage, onSignOut, children }: ShellProps) {
  const { t, language } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${title} – ${t('appName')}`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [path, title]);

  const pages = session === undefined ? [] : pagesFor(session.claims.roles);
  return (
    <>
      <a class="skip-link" href="#isi">
        {t('skipToContent')}
      </a>
      <header class="top-bar">
        <div class="brand">
          <span class="brand-name">{t('appName')}</span>
          <span class="brand-tagline">{t('appTagline')}</span>
        </div>
        {pages.length > 0 ? (
          <nav aria-label={t('mainNavigation')}>
            <ul class="menu">
              {pages.map((page) => (
                <li key={page.id}>
                  <a href={page.path} onClick={followLink} aria-current={page.path === path ? 'page' : undefined}>
                    {t(page.title)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="user-tools">
          <button type="button" class="button-link" onClick={onToggleLanguage} lang={language === 'id' ? 'en' : 'id'} aria-label={t('switchLanguageLabel')}>
            {t('switchLanguage')}
          </button>
          {session === undefined ? null : (
            <>
              <span class="user" title={session.claims.tenant ?? undefined}>
                {t('signedInAs', { subject: session.claims.subject })}
                <span class="roles"> ({session.claims.roles.map((role) => t(`role_${role}`)).join(', ')})</span>
              </span>
              <button type="button" class="button-link" onClick={onSignOut}>
                {t('signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="isi" tabIndex={-1}>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}
