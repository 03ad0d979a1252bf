import { useEffect } from 'preact/hooks';

import { ErrorNotice, Loading, Section, TableScroll } from '../components/common.tsx';
import { formatInstant, formatNumber } from '../format.ts';
import { useApp, useLoad } from '../hooks.ts';
import { isMessageKey, useI18n } from '../i18n.ts';

/** The body of GET /v1/system/projections (services/api/src/system/projection-routes.ts). */
interface SystemStatus {
  readonly checkedAt: string;
  readonly projections: ReadonlyArray<{
    readonly projection: string;
    readonly generation: number;
    readonly status: string;
    readonly position: string;
    readonly eventsApplied: number;
    readonly lagEvents: number;
    readonly lagSeconds: number;
    readonly lastError: string | null;
  }>;
  readonly kafka:
    | { readonly enabled: false }
    | {
        readonly enabled: true;
        readonly topic: string;
        readonly error?: string;
        readonly relay?: { readonly checkpoint: string; readonly eventsPublished: number; readonly lagEvents: number; readonly lagSeconds: number } | null;
        readonly partitions?: ReadonlyArray<{ readonly projection: string; readonly generation: number; readonly partition: number; readonly storedOffset: string | null; readonly endOffset: string; readonly lag: string }>;
      };
}

const REFRESH_MS = 15_000;

/** Tenant admin: each projection's lag behind the event log and, with Kafka, the relay's and consumers' lag. */
export function SystemPage() {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const status = useLoad('system', () => api.get<SystemStatus>('/v1/system/projections'));
  const { reload } = status;

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const data = status.data;
  const kafka = data?.kafka;
  return (
    <div class="page">
      <div class="button-row">
        <button type="button" class="button-secondary" onClick={reload} disabled={status.loading}>
          {t('refresh')}
        </button>
        {data === undefined ? null : <span class="hint-inline">{t('checkedAt', { time: formatInstant(locale, data.checkedAt) })}</span>}
      </div>
      {status.loading && data === undefined ? <Loading /> : null}
      <ErrorNotice error={status.error} />

      {data === undefined ? null : (
        <Section title={t('projectionsCaption')} id="proyeksi">
          <TableScroll label={t('projectionsCaption')}>
            <table class="data-table">
              <caption class="visually-hidden">{t('projectionsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('projection')}</th>
                  <th scope="col">{t('generation')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('position')}</th>
                  <th scope="col">{t('eventsApplied')}</th>
                  <th scope="col">{t('lagEvents')}</th>
                  <th scope="col">{t('lagSeconds')}</th>
                  <th scope="col">{t('lastError')}</th>
                </tr>
              </thead>
              <tbody>
                {data.projections.map((projection) => (
                  <tr key={`${projection.projection}-${projection.generation}`} class={projection.lagEvents > 0 ? 'lagging' : undefined}>
                    <th scope="row">{projection.projection}</th>
                    <td class="number">{projection.generation}</td>
                    <td>{isMessageKey(`status_${projection.status}`) ? t(`status_${projection.status}` as 'status_active') : projection.status}</td>
                    <td>
                      <code>{projection.position}</code>
                    </td>
                    <td class="number">{formatNumber(locale, projection.eventsApplied)}</td>
                    <td class="number">{formatNumber(locale, projection.lagEvents)}</td>
                    <td class="number">{formatNumber(locale, projection.lagSeconds)}</td>
                    <td>{projection.lastError ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Section>
      )}

      {kafka === undefined ? null : (
        <Section title={t('kafkaHeading')} id="kafka">
          {!kafka.enabled ? (
            <>
              <p class="notice">
                <strong>{t('kafkaInactive')}</strong>
              </p>
              <p class="hint">{t('kafkaInactiveHint')}</p>
            </>
          ) : kafka.error !== undefined ? (
            <ErrorNotice error={new Error(t('kafkaError', { message: kafka.error }))} />
          ) : (
            <>
              {kafka.relay === null || kafka.relay === undefined ? (
                <p>{t('relayNone', { topic: kafka.topic })}</p>
              ) : (
                <TableScroll label={t('relayCaption', { topic: kafka.topic })}>
                  <table class="data-table compact">
                    <caption>{t('relayCaption', { topic: kafka.topic })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('checkpoint')}</th>
                        <th scope="col">{t('eventsPublished')}</th>
                        <th scope="col">{t('lagEvents')}</th>
                        <th scope="col">{t('lagSeconds')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <tr>
                        <th scope="row">
                          <code>{kafka.relay.checkpoint}</code>
                        </th>
                        <td class="number">{formatNumber(locale, kafka.relay.eventsPublished)}</td>
                        <td class="number">{formatNumber(locale, kafka.relay.lagEvents)}</td>
                        <td class="number">{formatNumber(locale, kafka.relay.lagSeconds)}</td>
                      </tr>
                    </tbody>
                  </table>
                </TableScroll>
              )}
              {(kafka.partitions ?? []).length === 0 ? null : (
                <TableScroll label={t('consumerCaption')}>
                  <table class="data-table compact">
                    <caption>{t('consumerCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('projection')}</th>
                        <th scope="col">{t('partition')}</th>
                        <th scope="col">{t('storedOffset')}</th>
                        <th scope="col">{t('endOffset')}</th>
                        <th scope="col">{t('lagMessages')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {(kafka.partitions ?? []).map((partition) => (
                        <tr key={`${partition.projection}-${partition.generation}-${partition.partition}`}>
                          <th scope="row">
                            {partition.projection} #{partition.generation}
                          </th>
                          <td class="number">{partition.partition}</td>
                          <td class="number">{partition.storedOffset ?? '–'}</td>
                          <td class="number">{partition.endOffset}</td>
                          <td class="number">{partition.lag}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </>
          )}
        </Section>
      )}
    </div>
  );
}
