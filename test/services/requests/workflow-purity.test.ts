// `decide` is pure: it never mutates the request or the command it is given, and the same input
// gives the same decision.
import { describe, expect, test } from '@jest/globals';
import { requestStatuses, type CommandType, type RequestStatus, type ServiceRequest } from '../../../services/requests/request-types.js';
import { decide, workflowRules } from '../../../services/requests/request-workflow.js';
import { actors, blankRequest, deepFreeze, requestIn, sampleCommand, tableRoles, testContext } from '../../support/workflow-fixtures.js';

const commandTypes = Object.keys(workflowRules) as CommandType[];
const cases: Array<{ name: string; status: RequestStatus | null; type: CommandType; role: (typeof tableRoles)[number] }> = [];
for (const status of [null, ...requestStatuses]) {
  for (const type of commandTypes) {
    if ((status === null) !== (type === 'register')) continue;
    for (const role of tableRoles) cases.push({ name: `${status ?? '— (no request)'} | ${type} by ${role}`, status, type, role });
  }
}

describe('decide does not mutate its inputs', () => {
  test.each(cases)('$name leaves the request and the command as they were', ({ status, type, role }) => {
    const request: ServiceRequest = status === null ? blankRequest() : requestIn(status);
    const command = sampleCommand(type, request);
    const requestBefore = structuredClone(request);
    const commandBefore = structuredClone(command);

    const first = decide(request, command, actors[role], testContext());

    expect(request).toEqual(requestBefore);
    expect(command).toEqual(commandBefore);
    // The same input, frozen this time: the same decision, and no attempt to write into it.
    const again = decide(deepFreeze(structuredClone(requestBefore)), deepFreeze(structuredClone(commandBefore)), actors[role], testContext());
    expect(again).toEqual(first);
    if (first.ok) {
      expect(first.next).not.toBe(request);
      expect(first.next.history).not.toBe(request.history);
    }
  });
});
