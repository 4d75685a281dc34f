import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, loadConfig } from '../../../services/config/app-config.js';

describe('configuration', () => {
  it('has defaults that need nothing: Mexico City, Monday–Friday whole days, Mexican rest days, 48/24 hours', () => {
    const config = loadConfig({});
    expect(config.calendar).toEqual({
      timeZone: 'America/Mexico_City',
      workingDays: [1, 2, 3, 4, 5],
      workingHours: undefined,
      holidayCountry: 'MX',
      closures: [],
    });
    expect(config.wait).toEqual({ businessHours: 48, reminderBusinessHours: 24 });
    expect(config.database).toEqual({ uri: undefined, name: 'vc_service_desk' });
  });

  it('reads roles, office hours and closures', () => {
    const config = loadConfig({
      ROLE_ASV: 'Ana@Uni.mx, 0f1e2d3c-aaaa-bbbb-cccc-000000000001',
      BUSINESS_HOURS: '09:00-18:00',
      BUSINESS_CLOSURES: '2026-12-21..2027-01-06, 2026-11-02',
    });
    expect(config.roles.ASV).toEqual(['ana@uni.mx', '0f1e2d3c-aaaa-bbbb-cccc-000000000001']);
    expect(config.calendar.workingHours).toEqual({ start: '09:00', end: '18:00' });
    expect(config.calendar.closures).toEqual([
      { from: '2026-12-21', to: '2027-01-06' },
      { from: '2026-11-02', to: '2026-11-02' },
    ]);
  });

  it('reports every bad value at once, each naming its variable', () => {
    let caught: unknown;
    try {
      loadConfig({
        MONGODB_URI: 'postgres://localhost',
        BUSINESS_TIMEZONE: 'Mars/Olympus',
        BUSINESS_HOURS: '18:00-09:00',
        BUSINESS_CLOSURES: '2026-13-45',
        WAIT_BUSINESS_HOURS: '-1',
        NODE_ENV: 'staging',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const problems = (caught as ConfigurationError).problems;
    for (const variable of ['MONGODB_URI', 'BUSINESS_TIMEZONE', 'BUSINESS_HOURS', 'BUSINESS_CLOSURES', 'WAIT_BUSINESS_HOURS', 'NODE_ENV']) {
      expect(problems.some((problem) => problem.startsWith(`${variable}:`))).toBe(true);
    }
    expect((caught as Error).message).toContain('IANA time zone');
  });

  it('refuses a reminder that would come after the deadline', () => {
    expect(() => loadConfig({ WAIT_BUSINESS_HOURS: '8', REMINDER_BUSINESS_HOURS: '10' })).toThrow(/REMINDER_BUSINESS_HOURS/);
  });
});

describe('production', () => {
  it('refuses to start without the Bot Framework credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MICROSOFT_APP_ID: required in production[\s\S]*MICROSOFT_APP_PASSWORD: required in production/);
  });

  it('runs without credentials only on loopback outside production', () => {
    expect(() => loadConfig({ BOT_HOST: '0.0.0.0' })).toThrow(/BOT_HOST: without Bot Framework credentials/);
    expect(loadConfig({}).bot).toMatchObject({ host: '127.0.0.1', port: 3978, appId: undefined });
    expect(loadConfig({ NODE_ENV: 'production', MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b', TEAMS_TENANT_ID: tenant, MONGODB_URI: database, BOT_HOST: '0.0.0.0' }).bot.host).toBe('0.0.0.0');
  });

  it('requires a database of its own: the local server is for development and tests', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b', TEAMS_TENANT_ID: tenant })).toThrow(/MONGODB_URI: required in production/);
  });

  it('requires the tenant(s) whose users may use the bot, and object ids for roles unless Graph can resolve e-mails', () => {
    const credentials = { NODE_ENV: 'production', MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b', MONGODB_URI: database };
    expect(() => loadConfig(credentials)).toThrow(/TEAMS_TENANT_ID: required in production/);
    expect(() => loadConfig({ ...credentials, TEAMS_TENANT_ID: 'contoso' })).toThrow(/TEAMS_TENANT_ID: "contoso" is not an Entra tenant id/);
    expect(() => loadConfig({ ...credentials, TEAMS_TENANT_ID: tenant, ROLE_ASV: 'ana@uni.mx,0f1e2d3c-aaaa-bbbb-cccc-000000000001' })).toThrow(
      /ROLE_ASV: ana@uni\.mx: an e-mail grants a role only once Microsoft Graph/,
    );
    const graph = { GRAPH_TENANT_ID: tenant, GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' };
    expect(loadConfig({ ...credentials, ...graph, TEAMS_TENANT_ID: `${tenant}, ${other.toUpperCase()}`, ROLE_ASV: 'ana@uni.mx' }).teams).toMatchObject({ tenantId: tenant, tenantIds: [tenant, other] });
  });
});

const tenant = '5f0a6b1c-7d2e-4f3a-9b4c-8d5e6f7a8b9c';
const database = 'mongodb+srv://desk:secret@cluster0.example.mongodb.net/';
const other = '11111111-2222-4333-8444-555555555555';
