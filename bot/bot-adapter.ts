import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../services/config/app-config.js';
import type { Logger } from '../services/logging/logger.js';

/**
 * The Bot Framework adapter. With an app id every inbound activity is authenticated and outbound
 * calls carry the bot's token; without one (local runs on loopback, the Agents Playground) it
 * runs unauthenticated. Configuration refuses production without credentials.
 */
export function createBotAdapter(bot: AppConfig['bot'], logger: Logger): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppTenantId: bot.appTenantId,
    MicrosoftAppType: bot.appType,
  });
  const authentication = new ConfigurationBotFrameworkAuthentication(
    bot.appId ? { MicrosoftAppId: bot.appId, MicrosoftAppTenantId: bot.appTenantId, MicrosoftAppType: bot.appType } : {},
    credentials,
  );
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(`turn failed (${context.activity.type} ${context.activity.name ?? ''})`, error);
    if (context.activity.type === 'message') {
      await context.sendActivity('Ocurrió un error al procesar su mensaje. / Something went wrong.').catch(() => undefined);
    }
  };
  return adapter;
}
