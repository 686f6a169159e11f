import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { forbidden } from '../errors.ts';
import type { Membership } from '../trpc.ts';
import { budgetOwnerIds } from './funding-subject.ts';

/**
 * Who changes funding (issue 7): coordinators, and the approvers and members of the organizations
 * the project names as budget owners. With no budget owners named, only coordinators. Everyone
 * else in the project, viewers (leadership) included, reads.
 */
export async function canEditFunding(db: Kysely<Database>, m: Membership): Promise<boolean> {
  if (m.role === 'coordinator') return true;
  if (m.role !== 'approver' && m.role !== 'member') return false;
  return (await budgetOwnerIds(db, m.projectId)).includes(m.organizationId);
}

export async function requireFundingEditor(db: Kysely<Database>, m: Membership): Promise<void> {
  if (m.role !== 'coordinator' && m.role !== 'approver' && m.role !== 'member') {
    throw forbidden('role_not_allowed', `Your role (${m.role}) may not change funding`);
  }
  if (!(await canEditFunding(db, m))) {
    throw forbidden('not_budget_owner', 'Only coordinators and the budget-owner organizations may change funding');
  }
}
