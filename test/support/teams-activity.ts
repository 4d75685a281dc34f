/** The tenant the HTTP tests configure (`TEAMS_TENANT_ID`) and put on every activity they send. */
export const TEST_TENANT_ID = '5f0a6b1c-7d2e-4f3a-9b4c-8d5e6f7a8b9c';

/** The Teams service URL of the HTTP tests' activities (never called: the tests' turns send nothing out). */
export const TEST_SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

/**
 * An activity as Teams posts it to `/api/messages` from a 1:1 chat in {@link TEST_TENANT_ID}:
 * `msteams` channel, the sender's Entra object id, the tenant on the conversation and in
 * `channelData`; `overrides` replace top-level fields.
 */
export function teamsActivity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: TEST_SERVICE_URL,
    from: { id: '29:1-test-user', aadObjectId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', name: 'Rosa Quintero' },
    conversation: { id: 'a:1-test-personal-chat', conversationType: 'personal', tenantId: TEST_TENANT_ID },
    recipient: { id: '28:test-bot', name: 'Mesa de servicios' },
    channelData: { tenant: { id: TEST_TENANT_ID } },
    locale: 'es-MX',
    text: 'ayuda',
    ...overrides,
  };
}

/** A `conversationUpdate` of the 1:1 chat: the turn stores the chat and calls nothing outside. */
export function chatInstalled(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return teamsActivity({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '28:test-bot' }], ...overrides });
}
