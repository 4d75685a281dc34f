import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { botOnDesk, invoke } from '../support/test-adapter-bot.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';

describe('Buscar solicitudes (message extension) paging by skip/count', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  const config = testConfig();
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    for (let index = 0; index < 12; index += 1) {
      const result = await fixture.desk.requests.register(registration({ description: `Solicitud número ${index} (a+b)*[c]` }), fixture.actor(people.hd), commandId());
      if (result.outcome !== 'applied') throw new Error(result.outcome);
    }
  });
  afterAll(async () => fixture.close());

  const folios = (body: Record<string, any>) => (body.composeExtension.attachments as Array<{ preview: { content: { title: string } } }>).map((item) => item.preview.content.title.split(' ')[0]);
  const query = (skip: number, count: number) =>
    invoke(botOnDesk(fixture, config), people.hd, 'composeExtension/query', { commandId: 'searchRequests', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip, count } });

  it('a free text with regex metacharacters is matched literally', async () => {
    const page = await fixture.desk.requests.search({ text: '(a+b)*[c]' });
    expect(page.total).toBe(12);
    expect((await fixture.desk.requests.search({ text: 'a.b' })).total).toBe(0);
  });

  it('the results from skip onwards, each once: skip 5, count 4 starts at the 6th newest', async () => {
    const all = folios(await query(0, 12));
    expect(all).toHaveLength(12);
    expect(folios(await query(5, 4))).toEqual(all.slice(5, 9));
  });
});
