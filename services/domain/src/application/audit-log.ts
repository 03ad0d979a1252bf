import { toNewEvent } from '../command-handler.ts';
import { streams } from '../streams.ts';
import { commandMetadata, type ApplicationDependencies, type RequestInfo } from './context.ts';
import { requireRole, type Principal } from './principal.ts';

export type AuditQueryKind = 'history' | 'as-of' | 'verify' | 'export' | 'checkpoints';

/**
 * Checks that the caller may audit (auditor or tenant admin) and records the query in
 * the tenant's audit log before any data is read, so looking is itself on the record.
 */
export async function logAuditQuery(
  dependencies: ApplicationDependencies,
  principal: Principal,
  query: AuditQueryKind,
  parameters: Record<string, string>,
  request: RequestInfo & { channel: 'api' | 'cli' },
): Promise<void> {
  const role = requireRole(principal, ['auditor', 'tenant_admin']);
  const streamId = streams.auditLog(principal.tenantId);
  const metadata = commandMetadata(principal, role, 'QueryAudit', request, dependencies.clock());
  const event = toNewEvent(dependencies.registry, streamId, { type: 'AuditQueried', data: { query, parameters, channel: request.channel } }, 0, metadata);
  // An audit record, not a decision: appended whatever the stream's version.
  await dependencies.store.appendToStream(streamId, [event], { expectedVersion: 'any' });
}
