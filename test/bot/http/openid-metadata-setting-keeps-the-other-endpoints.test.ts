import { describe, expect, it } from '@jest/globals';
import { createBotAdapter } from '../../../bot/bot-adapter.js';
import { createLogger } from '../../../services/logging/logger.js';
import { testConfig } from '../../support/service-desk-fixture.js';

/** The endpoints botbuilder authenticates and calls with (its internal ParameterizedBotFrameworkAuthentication). */
function endpointsOf(overrides: Record<string, string>): Record<string, unknown> {
  const adapter = createBotAdapter(testConfig({ MICROSOFT_APP_ID: 'app-id', MICROSOFT_APP_PASSWORD: 'app-password', ...overrides }).bot, createLogger('silent'));
  const inner = (adapter as unknown as { botFrameworkAuthentication: { inner: Record<string, unknown> } }).botFrameworkAuthentication.inner;
  const names = ['validateAuthority', 'toChannelFromBotLoginUrl', 'toChannelFromBotOAuthScope', 'toBotFromChannelTokenIssuer', 'oAuthUrl', 'toBotFromChannelOpenIdMetadataUrl', 'toBotFromEmulatorOpenIdMetadataUrl', 'callerId'];
  return Object.fromEntries(names.map((name) => [name, inner[name]]));
}

describe('BOT_OPENID_METADATA_URL', () => {
  it('set to Microsoft’s own address, builds exactly botbuilder’s public-cloud authentication', () => {
    const builtIn = endpointsOf({});
    expect(builtIn.toBotFromChannelOpenIdMetadataUrl).toBe('https://login.botframework.com/v1/.well-known/openidconfiguration');
    expect(endpointsOf({ BOT_OPENID_METADATA_URL: 'https://login.botframework.com/v1/.well-known/openidconfiguration' })).toEqual(builtIn);
  });

  it('changes only the metadata address', () => {
    const moved = endpointsOf({ BOT_OPENID_METADATA_URL: 'https://keys.example.net/openid' });
    expect(moved).toEqual({ ...endpointsOf({}), toBotFromChannelOpenIdMetadataUrl: 'https://keys.example.net/openid' });
  });
});
