import { z } from 'zod';
import { supportedHolidayCountries } from '../calendar/business-calendar-settings.js';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[,;\s]+/)
    .map((item) => item.trim())
    .filter(Boolean);

const idList = z
  .string()
  .optional()
  .transform((value) => list(value).map((item) => item.toLowerCase()));

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);
const positiveInteger = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const isIsoDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const closureList = z
  .string()
  .optional()
  .transform((value, context) =>
    list(value).flatMap((item) => {
      const [from, to = from] = item.split('..');
      if (!from || !isIsoDate(from) || !isIsoDate(to) || to < from) {
        context.addIssue({ code: 'custom', message: `"${item}" is not a date (YYYY-MM-DD) or range (YYYY-MM-DD..YYYY-MM-DD)` });
        return [];
      }
      return [{ from, to }];
    }),
  );

const timeZone = z
  .string()
  .default('America/Mexico_City')
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'is not an IANA time zone (e.g. America/Mexico_City)');

const workingHours = z
  .string()
  .optional()
  .transform((value, context) => {
    if (!value) return undefined;
    const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24(?=:00)):([0-5]\d)$/.exec(value.trim());
    if (!match || `${match[3]}:${match[4]}` <= `${match[1]}:${match[2]}`) {
      context.addIssue({ code: 'custom', message: 'must be HH:mm-HH:mm with the end after the start (e.g. 09:00-18:00)' });
      return undefined;
    }
    return { start: `${match[1]}:${match[2]}`, end: `${match[3]}:${match[4]}` };
  });

const workingDays = z
  .string()
  .default('1,2,3,4,5')
  .transform((value, context) => {
    const days = list(value).map(Number);
    if (!days.length || days.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
      context.addIssue({ code: 'custom', message: 'must list ISO weekdays 1 (Monday) to 7 (Sunday), e.g. 1,2,3,4,5' });
    }
    return days;
  });

const minutesPair = /^(VC|TC|NC):(\d{1,3})\/(\d{1,3})$/;
const serviceBuffers = z
  .string()
  .optional()
  .transform((value, context) => {
    const buffers = { VC: { before: 30, after: 15 }, TC: { before: 10, after: 10 }, NC: { before: 15, after: 10 } };
    for (const item of list(value)) {
      const match = minutesPair.exec(item);
      if (!match) {
        context.addIssue({ code: 'custom', message: `"${item}" is not SERVICE:before/after in minutes (e.g. VC:30/15)` });
        continue;
      }
      buffers[match[1] as keyof typeof buffers] = { before: Number(match[2]), after: Number(match[3]) };
    }
    return buffers;
  });

const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL');
const email = z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address');

/** Environment variables the product reads, validated together; see README "Configuration". */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, _ or -').default('vc_service_desk'),
  BUSINESS_TIMEZONE: timeZone,
  BUSINESS_WORKING_DAYS: workingDays,
  BUSINESS_HOURS: workingHours,
  BUSINESS_HOLIDAYS_COUNTRY: z
    .string()
    .refine((value) => value === 'none' || supportedHolidayCountries.includes(value), {
      message: `must be a country whose rest days are known (${supportedHolidayCountries.join(', ')}) or none`,
    })
    .default('MX'),
  BUSINESS_CLOSURES: closureList,
  WAIT_BUSINESS_HOURS: positiveNumber(48),
  REMINDER_BUSINESS_HOURS: positiveNumber(24),
  ROLE_HD: idList,
  ROLE_ASV: idList,
  ROLE_DAU: idList,
  ROLE_HEAD: idList,
  SELF_SERVICE_ASSIGNEE: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(least-open|[^\s,;]{1,254})$/, 'must be least-open or one ASV of ROLE_ASV (an object id or e-mail)')
    .default('least-open'),
  JOBS_PROCESS_EVERY_MS: positiveInteger(1000),
  EFFECTS_MAX_ATTEMPTS: positiveInteger(8),
  EFFECTS_RETRY_BASE_MS: positiveInteger(2000),
  EFFECTS_SWEEP_EVERY_MS: positiveInteger(5000),
  AGENDA_BUFFERS: serviceBuffers,
  AGENDA_CATALOGUE_FILE: z.string().optional(),
  AGENDA_ALTERNATIVES: positiveInteger(5),
  ICS_FEED_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  GRAPH_TENANT_ID: z.string().optional(),
  GRAPH_CLIENT_ID: z.string().optional(),
  GRAPH_CLIENT_SECRET: z.string().optional(),
  GRAPH_BASE_URL: httpUrl.default('https://graph.microsoft.com/v1.0'),
  GRAPH_AUTHORITY_HOST: httpUrl.default('https://login.microsoftonline.com'),
  GRAPH_CALENDAR_MAILBOX: email.optional(),
  GRAPH_MAIL_FROM: email.optional(),
  TEAMS_APP_CATALOG_ID: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65_535, 'must be a TCP port (1-65535)').default(3978),
  BOT_HOST: z.string().default('127.0.0.1'),
  PUBLIC_BASE_URL: httpUrl.optional(),
  MICROSOFT_APP_ID: z.string().optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TENANT_ID: z.string().optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  BOT_OPENID_METADATA_URL: httpUrl.optional(),
  TEAMS_SERVICE_URL: httpUrl.default('https://smba.trafficmanager.net/teams/'),
  TEAMS_ASV_CHANNEL_ID: z.string().optional(),
  TEAMS_DAU_CHANNEL_ID: z.string().optional(),
  TEAMS_TENANT_ID: z
    .string()
    .optional()
    .transform((value, context) => {
      const tenants = list(value).map((item) => item.toLowerCase());
      const bad = tenants.find((tenant) => !/^[0-9a-f-]{32,40}$/.test(tenant));
      if (bad) context.addIssue({ code: 'custom', message: `"${bad}" is not an Entra tenant id (a GUID)` });
      return tenants;
    }),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_FROM: email.optional(),
  // Answers by e-mail: the service mailbox replies go to, read through Graph or IMAP.
  INBOUND_MAILBOX: email.optional(),
  IMAP_URL: z.string().regex(/^imaps?:\/\/[^\s]+$/, 'must be imaps://user:password@host:993/INBOX (or imap:// on loopback)').optional(),
  INBOUND_POLL_EVERY_MS: positiveInteger(30_000),
});

/** The product's whole configuration, typed. */
export interface AppConfig {
  environment: 'development' | 'test' | 'production';
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  database: { uri: string | undefined; name: string };
  calendar: {
    timeZone: string;
    workingDays: number[];
    workingHours: { start: string; end: string } | undefined;
    holidayCountry: string | undefined;
    closures: Array<{ from: string; to: string }>;
  };
  wait: { businessHours: number; reminderBusinessHours: number };
  roles: { HD: string[]; ASV: string[]; DAU: string[]; HEAD: string[] };
  /** How a request opened by its requester gets its ASV. */
  selfService: { assignment: { kind: 'least-open' } | { kind: 'default'; asv: string } };
  jobs: { processEveryMs: number };
  effects: { maxAttempts: number; retryBaseMs: number; sweepEveryMs: number };
  agenda: {
    /** Set-up and tear-down minutes around an event, per service. */
    buffers: Record<'VC' | 'TC' | 'NC', { before: number; after: number }>;
    catalogueFile: string | undefined;
    alternatives: number;
    icsFeedToken: string | undefined;
  };
  /** Microsoft Graph (app-only); undefined when not configured. */
  graph:
    | {
        tenantId: string;
        clientId: string;
        clientSecret: string;
        baseUrl: string;
        authorityHost: string;
        calendarMailbox: string | undefined;
        mailFrom: string | undefined;
        teamsAppCatalogId: string | undefined;
      }
    | undefined;
  smtp: { url: string; from: string } | undefined;
  /** Answers by e-mail: where replies to information requests arrive and how they are read; undefined: not configured. */
  inbound: InboundMailConfig | undefined;
  /** The bot's HTTP endpoint and its Bot Framework identity. */
  bot: {
    port: number;
    host: string;
    publicBaseUrl: string | undefined;
    appId: string | undefined;
    appPassword: string | undefined;
    appTenantId: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    /** Where the signing keys of the tokens Teams sends are published; undefined: Microsoft's public cloud. */
    openIdMetadataUrl: string | undefined;
  };
  /** Where the bot writes in Teams. */
  teams: {
    serviceUrl: string;
    asvChannelId: string | undefined;
    dauChannelId: string | undefined;
    /** The home tenant: the first of {@link tenantIds} (proactive messages to channels go there). */
    tenantId: string | undefined;
    /** The tenants whose users may use the bot; empty: any (refused in production). */
    tenantIds: string[];
  };
}

/** The service mailbox replies are read from (Graph delta on its inbox, or IMAP). */
export interface InboundMailConfig {
  /** The address replies go to (the Reply-To of the information request); the Graph mailbox read. */
  address: string | undefined;
  via: 'graph' | 'imap';
  /** The IMAP server, when read through IMAP (`IMAP_URL`); the password is a secret, never logged. */
  imap: { host: string; port: number; secure: boolean; user: string; password: string; mailbox: string } | undefined;
  pollEveryMs: number;
}

/** Thrown when the environment has wrong or missing values; its message lists every one. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Parses the environment once into the typed configuration, reporting every bad or missing
 * value at once (as a {@link ConfigurationError}).
 */
export function loadConfig(environment: Record<string, string | undefined>): AppConfig {
  const blankAsMissing = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = environmentSchema.safeParse(blankAsMissing);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.REMINDER_BUSINESS_HOURS >= env.WAIT_BUSINESS_HOURS) {
    problems.push('REMINDER_BUSINESS_HOURS: must be less than WAIT_BUSINESS_HOURS');
  }
  const graphKeys = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const;
  const graphGiven = graphKeys.filter((key) => env[key]);
  if (graphGiven.length && graphGiven.length < graphKeys.length) {
    for (const key of graphKeys.filter((key) => !env[key])) problems.push(`${key}: required when ${graphGiven.join(', ')} is set`);
  }
  if (env.SMTP_URL && !env.SMTP_FROM) problems.push('SMTP_FROM: required when SMTP_URL is set');
  const imap = env.IMAP_URL ? parseImapUrl(env.IMAP_URL) : undefined;
  if (typeof imap === 'string') problems.push(`IMAP_URL: ${imap}`);
  else if (imap && !imap.secure && env.NODE_ENV === 'production' && !isLoopback(imap.host)) {
    problems.push('IMAP_URL: imap:// (no TLS) is only for a server on loopback in production; use imaps://');
  }
  if (env.INBOUND_MAILBOX && !env.IMAP_URL && graphGiven.length !== graphKeys.length) {
    problems.push('INBOUND_MAILBOX: is read through Microsoft Graph (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET) or through IMAP (IMAP_URL); configure one');
  }
  if (env.SELF_SERVICE_ASSIGNEE !== 'least-open' && !env.ROLE_ASV.includes(env.SELF_SERVICE_ASSIGNEE)) {
    problems.push(`SELF_SERVICE_ASSIGNEE: ${env.SELF_SERVICE_ASSIGNEE} is not listed in ROLE_ASV`);
  }
  if (env.NODE_ENV === 'production') {
    if (!env.MICROSOFT_APP_ID) problems.push('MICROSOFT_APP_ID: required in production (Bot Framework authentication is mandatory)');
    if (!env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      problems.push('MICROSOFT_APP_PASSWORD: required in production (Bot Framework authentication is mandatory)');
    }
    if (env.MICROSOFT_APP_TYPE !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
      problems.push(`MICROSOFT_APP_TENANT_ID: required for a ${env.MICROSOFT_APP_TYPE} bot`);
    }
    if (!env.TEAMS_TENANT_ID.length) problems.push('TEAMS_TENANT_ID: required in production (only users of the tenant(s) listed may use the bot)');
    if (!env.MONGODB_URI) problems.push('MONGODB_URI: required in production (the local database server is for development and tests; use MongoDB Atlas, a replica set or Cosmos DB for MongoDB vCore)');
    const graphConfigured = graphGiven.length === graphKeys.length;
    for (const role of ['ROLE_HD', 'ROLE_ASV', 'ROLE_DAU', 'ROLE_HEAD'] as const) {
      const emails = env[role].filter((member) => member.includes('@'));
      if (emails.length && !graphConfigured) {
        problems.push(`${role}: ${emails.join(', ')}: an e-mail grants a role only once Microsoft Graph (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET) resolves it to an Entra object id; list object ids or configure Graph`);
      }
    }
  } else if (!env.MICROSOFT_APP_ID && !['127.0.0.1', 'localhost', '::1'].includes(env.BOT_HOST)) {
    problems.push('BOT_HOST: without Bot Framework credentials the bot listens on loopback only (127.0.0.1)');
  }
  if (problems.length) throw new ConfigurationError(problems);
  return {
    environment: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    database: { uri: env.MONGODB_URI, name: env.MONGODB_DATABASE },
    calendar: {
      timeZone: env.BUSINESS_TIMEZONE,
      workingDays: env.BUSINESS_WORKING_DAYS,
      workingHours: env.BUSINESS_HOURS,
      holidayCountry: env.BUSINESS_HOLIDAYS_COUNTRY === 'none' ? undefined : env.BUSINESS_HOLIDAYS_COUNTRY,
      closures: env.BUSINESS_CLOSURES,
    },
    wait: { businessHours: env.WAIT_BUSINESS_HOURS, reminderBusinessHours: env.REMINDER_BUSINESS_HOURS },
    roles: { HD: env.ROLE_HD, ASV: env.ROLE_ASV, DAU: env.ROLE_DAU, HEAD: env.ROLE_HEAD },
    selfService: { assignment: env.SELF_SERVICE_ASSIGNEE === 'least-open' ? { kind: 'least-open' } : { kind: 'default', asv: env.SELF_SERVICE_ASSIGNEE } },
    jobs: { processEveryMs: env.JOBS_PROCESS_EVERY_MS },
    effects: {
      maxAttempts: env.EFFECTS_MAX_ATTEMPTS,
      retryBaseMs: env.EFFECTS_RETRY_BASE_MS,
      sweepEveryMs: env.EFFECTS_SWEEP_EVERY_MS,
    },
    agenda: {
      buffers: env.AGENDA_BUFFERS,
      catalogueFile: env.AGENDA_CATALOGUE_FILE,
      alternatives: env.AGENDA_ALTERNATIVES,
      icsFeedToken: env.ICS_FEED_TOKEN,
    },
    graph:
      env.GRAPH_TENANT_ID && env.GRAPH_CLIENT_ID && env.GRAPH_CLIENT_SECRET
        ? {
            tenantId: env.GRAPH_TENANT_ID,
            clientId: env.GRAPH_CLIENT_ID,
            clientSecret: env.GRAPH_CLIENT_SECRET,
            baseUrl: env.GRAPH_BASE_URL.replace(/\/+$/, ''),
            authorityHost: env.GRAPH_AUTHORITY_HOST.replace(/\/+$/, ''),
            calendarMailbox: env.GRAPH_CALENDAR_MAILBOX,
            mailFrom: env.GRAPH_MAIL_FROM,
            teamsAppCatalogId: env.TEAMS_APP_CATALOG_ID,
          }
        : undefined,
    smtp: env.SMTP_URL && env.SMTP_FROM ? { url: env.SMTP_URL, from: env.SMTP_FROM } : undefined,
    inbound:
      imap && typeof imap !== 'string'
        ? { address: env.INBOUND_MAILBOX?.toLowerCase(), via: 'imap', imap, pollEveryMs: env.INBOUND_POLL_EVERY_MS }
        : env.INBOUND_MAILBOX
          ? { address: env.INBOUND_MAILBOX.toLowerCase(), via: 'graph', imap: undefined, pollEveryMs: env.INBOUND_POLL_EVERY_MS }
          : undefined,
    bot: {
      port: env.PORT,
      host: env.BOT_HOST,
      publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
      appId: env.MICROSOFT_APP_ID,
      appPassword: env.MICROSOFT_APP_PASSWORD,
      appTenantId: env.MICROSOFT_APP_TENANT_ID,
      appType: env.MICROSOFT_APP_TYPE,
      openIdMetadataUrl: env.BOT_OPENID_METADATA_URL,
    },
    teams: {
      serviceUrl: env.TEAMS_SERVICE_URL,
      asvChannelId: env.TEAMS_ASV_CHANNEL_ID,
      dauChannelId: env.TEAMS_DAU_CHANNEL_ID,
      tenantId: env.TEAMS_TENANT_ID[0],
      tenantIds: env.TEAMS_TENANT_ID,
    },
  };
}

/**
 * `imaps://user:password@host:993/INBOX` (user and password percent-encoded; port 993, or 143 for
 * `imap://`, when left out; mailbox INBOX when left out) as its parts, or what is wrong with it.
 * The message never repeats the URL: it holds a password.
 */
function parseImapUrl(value: string): InboundMailConfig['imap'] | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL (imaps://user:password@host:993/INBOX)';
  }
  const secure = url.protocol === 'imaps:';
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return undefined;
    }
  };
  const user = decode(url.username);
  const password = decode(url.password);
  const mailbox = decode(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  if (!url.hostname) return 'names no host';
  if (!user || !password) return 'must carry the user and the password (imaps://user:password@host:993/INBOX, percent-encoded)';
  if (mailbox === undefined) return 'the mailbox is not valid percent-encoding';
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : secure ? 993 : 143, secure, user, password, mailbox };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
