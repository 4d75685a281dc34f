import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphPeople } from '../../../services/graph/graph-people.js';
import { RoleDirectory } from '../../../services/requests/role-directory.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';

describe('roles configured by e-mail, resolved once through Microsoft Graph', () => {
  let harness: GraphHarness;
  beforeAll(async () => {
    harness = await openGraph();
    harness.fixture.addDirectoryUsers(
      { id: 'AB12CD34-0000-4000-8000-000000000001', displayName: 'Ana Robles', mail: 'ana@uni.example', userPrincipalName: 'ana.robles@uni.example' },
      { id: 'ab12cd34-0000-4000-8000-000000000002', displayName: "Dan O'Neil", mail: "dan.o'neil@uni.example", userPrincipalName: 'dan@uni.example' },
      { id: 'ab12cd34-0000-4000-8000-000000000003', displayName: 'Twin A', mail: 'twin@uni.example', userPrincipalName: 'twin.a@uni.example' },
      { id: 'ab12cd34-0000-4000-8000-000000000004', displayName: 'Twin B', mail: 'twin@uni.example', userPrincipalName: 'twin.b@uni.example' },
    );
  });
  afterAll(async () => harness.fixture.stop());

  it('finds the object id by mail or by user principal name, quotes escaped; none when no single user has it', async () => {
    const people = new GraphPeople(harness.graph);
    expect(await people.objectIdOf('Ana@Uni.Example')).toBe('ab12cd34-0000-4000-8000-000000000001');
    expect(await people.objectIdOf('ana.robles@uni.example')).toBe('ab12cd34-0000-4000-8000-000000000001');
    expect(await people.objectIdOf("dan.o'neil@uni.example")).toBe('ab12cd34-0000-4000-8000-000000000002');
    expect(await people.objectIdOf('nobody@uni.example')).toBeUndefined();
    expect(await people.objectIdOf('twin@uni.example')).toBeUndefined();
    const filters = harness.fixture.calls.filter((call) => call.path === '/v1.0/users').map((call) => call.query.$filter);
    expect(filters).toContain("mail eq 'dan.o''neil@uni.example' or userPrincipalName eq 'dan.o''neil@uni.example'");
  });

  it('grants each role to the resolved object id, and reports the addresses that stay unresolved', async () => {
    const roles = new RoleDirectory({ HD: [], ASV: ['ana@uni.example', 'nobody@uni.example'], DAU: ['twin@uni.example'], HEAD: [] });
    expect(roles.rolesOf({ id: 'ab12cd34-0000-4000-8000-000000000001' })).toEqual([]);
    const people = new GraphPeople(harness.graph);
    expect((await roles.resolveEmails((email) => people.objectIdOf(email))).sort()).toEqual(['nobody@uni.example', 'twin@uni.example']);
    expect(roles.rolesOf({ id: 'ab12cd34-0000-4000-8000-000000000001' })).toEqual(['ASV']);
    expect(roles.emailsOf('DAU')).toEqual(['twin@uni.example']);
  });
});
