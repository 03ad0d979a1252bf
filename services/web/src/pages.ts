import type { MessageKey } from './i18n.ts';
import type { Role } from './session.ts';

export type PageId = 'evaluation' | 'compliance' | 'recap' | 'audit' | 'system';

export interface PageDefinition {
  readonly id: PageId;
  readonly path: string;
  readonly title: MessageKey;
  /** Roles whose token the API accepts for the page's queries. */
  readonly roles: readonly Role[];
}

/**
 * The pages in menu order. The roles mirror the API's checks (requireRole and the
 * read scopes), so a page is hidden exactly when its requests would be refused.
 */
export const PAGES: readonly PageDefinition[] = [
  { id: 'evaluation', path: '/app/evaluasi', title: 'page_evaluation', roles: ['evaluator', 'tenant_admin'] },
  { id: 'compliance', path: '/app/kepatuhan', title: 'page_compliance', roles: ['supervisor', 'unit_admin', 'tenant_admin'] },
  { id: 'recap', path: '/app/rekap', title: 'page_recap', roles: ['unit_admin', 'tenant_admin'] },
  { id: 'audit', path: '/app/audit', title: 'page_audit', roles: ['auditor', 'tenant_admin'] },
  { id: 'system', path: '/app/sistem', title: 'page_system', roles: ['tenant_admin'] },
];

export function pagesFor(roles: readonly Role[]): PageDefinition[] {
  return PAGES.filter((page) => page.roles.some((role) => roles.includes(role)));
}
