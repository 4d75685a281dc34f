import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { botOnDesk, invoke } from '../support/test-adapter-bot.js';
import { openServiceDesk, people, testConfig } from '../support/service-desk-fixture.js';

/**
 * The registration form (message extension) validates the requester's fields with the service
 * forms' own field rules: a name or a dependencia never keeps a line break or a control, the
 * description keeps its lines.
 */
describe('Registrar solicitud', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it('stores `Ana\\r\\nBcc: victim@x` as the name `Ana Bcc: victim@x`, and the description with its lines', async () => {
    const body = await invoke(botOnDesk(fixture, config), people.hd, 'composeExtension/submitAction', {
      commandId: 'registerRequest',
      data: {
        verb: 'register',
        requesterName: 'Ana\r\nBcc: victim@x',
        requesterEmail: 'ana@uni.example',
        dependenciaName: 'Facultad\tde\u202e Ingeniería\u0000',
        siglas: 'FI',
        service: 'VC',
        description: 'Primera línea\r\nSegunda\u0007 línea',
        assigneeId: 'asv-1',
      },
    });
    expect(body.composeExtension?.type).toBe('result');
    const [request] = (await fixture.desk.requests.search({ pageSize: 5 })).items;
    expect(request?.requester.name).toBe('Ana Bcc: victim@x');
    expect(request?.dependencia.name).toBe('Facultad de Ingeniería');
    expect(request?.description).toBe('Primera línea\nSegunda línea');
  });
});
