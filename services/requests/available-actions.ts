import type { Actor, CommandType, ServiceRequest } from './request-types.js';
import { actingRole, workflowRules } from './request-workflow.js';

/** The buttons a request card can show. */
export type RequestAction =
  | 'take'
  | 'request-info'
  | 'hold'
  | 'resume'
  | 'set-service'
  | 'open-form'
  | 'check-availability'
  | 'finish'
  | 'reject'
  | 'reassign'
  | 'cancel';

const commandOf: Record<RequestAction, CommandType> = {
  take: 'take',
  'request-info': 'request-info',
  hold: 'hold',
  resume: 'resume',
  'set-service': 'set-service',
  'open-form': 'save-form',
  'check-availability': 'record-booking',
  finish: 'finish',
  reject: 'reject',
  reassign: 'reassign',
  cancel: 'cancel',
};

/**
 * The actions `actor` may take on `request` now, read from the status machine's own rules (so a
 * card never offers what the machine would refuse). The form and availability need the service.
 */
export function availableActions(request: ServiceRequest, actor: Actor): RequestAction[] {
  return (Object.keys(commandOf) as RequestAction[]).filter((action) => {
    const rule = workflowRules[commandOf[action]];
    if (!rule.from.includes(request.status)) return false;
    if ((action === 'open-form' || action === 'check-availability') && !request.service) return false;
    return actingRole(actor, request, { type: 'take' }, rule.roles) !== undefined && (action !== 'reassign' || !actor.system);
  });
}
