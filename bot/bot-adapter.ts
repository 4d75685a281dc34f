import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../services/config/app-config.js';
import type { Logger } from '../services/logging/logger.js';

/** Who sent an activity, as Bot Framework authentication proved it (or the anonymous sender when it is off). */
export type AuthenticatedSender = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * Microsoft's public-cloud Bot Framework endpoints, as botframework-connector's
 * `AuthenticationConstants` name them. botbuilder takes every endpoint from configuration as soon
 * as one is given, so setting the OpenID metadata address means passing these too.
 */
const publicCloudEndpoints = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: CallerIdConstants.PublicAzureChannel,
};

/**
 * botbuilder's CloudAdapter with its two steps apart, so that the HTTP edge can tell a sender it
 * refuses (401) from a turn that failed (500): {@link authenticate}, then {@link runTurn}.
 */
export class ServiceDeskAdapter extends CloudAdapter {
  /** Proves who sent `activity` from its `Authorization` header; rejects when it cannot. */
  authenticate(authHeader: string, activity: Activity): Promise<AuthenticatedSender> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /** Runs the turn of an authenticated activity through the middleware and `logic`; the invoke response, if any. */
  runTurn(sender: AuthenticatedSender, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(sender, activity, logic);
  }
}

/**
 * The Bot Framework adapter. With an app id every inbound activity is authenticated and outbound
 * calls carry the bot's token; without one (local runs on loopback, the Agents Playground) it
 * runs unauthenticated. Configuration refuses production without credentials. Tokens are checked
 * against the keys published at `openIdMetadataUrl` when it is set (national clouds, the tests),
 * else at Microsoft's.
 */
export function createBotAdapter(bot: AppConfig['bot'], logger: Logger): ServiceDeskAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppTenantId: bot.appTenantId,
    MicrosoftAppType: bot.appType,
  });
  const endpoints = bot.openIdMetadataUrl ? { ...publicCloudEndpoints, ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl } : {};
  const authentication = new ConfigurationBotFrameworkAuthentication(
    bot.appId ? { MicrosoftAppId: bot.appId, MicrosoftAppTenantId: bot.appTenantId, MicrosoftAppType: bot.appType, ...endpoints } : {},
    credentials,
  );
  const adapter = new ServiceDeskAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(`turn failed (${context.activity.type} ${context.activity.name ?? ''})`, error);
    if (context.activity.type === 'message') {
      await context.sendActivity('Ocurrió un error al procesar su mensaje. / Something went wrong.').catch(() => undefined);
    }
  };
  return adapter;
}
