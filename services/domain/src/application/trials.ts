import type { z } from 'zod';

import type { DefineTrialBody } from '@fleksi/contracts';

import { handleCommand, type CommandResult } from '../command-handler.ts';
import { trialDecider } from '../deciders/trial.ts';
import { DomainError } from '../errors.ts';
import { streams } from '../streams.ts';
import { commandMetadata, loadUnit, type ApplicationDependencies, type RequestInfo } from './context.ts';
import { requireRole, type Principal } from './principal.ts';

/** Defines or redefines a WFA trial; the tenant admin (BKPSDM) owns the definition. */
export async function defineTrial(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof DefineTrialBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['tenant_admin']);
  const { definition } = body;
  for (const unitId of [...definition.participatingUnits, ...definition.comparisonUnits]) {
    const unit = await loadUnit(dependencies, principal.tenantId, unitId);
    if (unit.status !== 'registered') {
      throw new DomainError('UNIT_NOT_FOUND', { unitId });
    }
  }
  const metadata = commandMetadata(principal, role, 'DefineTrial', { ...request, source: 'admin' }, dependencies.clock());
  return handleCommand(dependencies, streams.trial(principal.tenantId, definition.trialId), trialDecider, { type: 'DefineTrial', data: body }, metadata);
}
