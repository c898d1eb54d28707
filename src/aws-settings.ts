// Everything the AWS SDK would read from the environment and the shared config files, read once
// from the environment as it was when the step started, and handed to every client as a value.
//
// Left to itself, the SDK reads process.env when a request is made: the endpoint
// (AWS_ENDPOINT_URL_*), FIPS, the profile, the config file's path, credentials. This step itself
// changes process.env (export-env exports through it), so a value read from a secret could then
// redirect the step's own clients. Here each such setting is decided from the snapshot, by the
// SDK's own selectors where it exports them, and given to the client explicitly: a client option
// that is set is never looked up again.

import { NODE_APP_ID_CONFIG_OPTIONS } from '@aws-sdk/core/client';
import { NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } from '@aws-sdk/core/httpAuthSchemes';
import {
  booleanSelector,
  loadSharedConfigFiles,
  nodeDualstackConfigSelectors,
  nodeFipsConfigSelectors,
  SelectorType,
} from '@smithy/core/config';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from './inputs.js';

/** A setting as the SDK describes it: from the environment, else the profile, else a default. */
export interface SettingSelectors<T> {
  environmentVariableSelector(env: Environment): T | undefined;
  configFileSelector(profile: Profile, configFile?: ConfigFile): T | undefined;
  default: T | (() => T);
}

export type Profile = Readonly<Record<string, string | undefined>>;
export type ConfigFile = Readonly<Record<string, Profile>>;

/** The environment at the start of the step and the profile it named, read once. */
export interface AwsSetup {
  /** A frozen copy of process.env taken before anything could change it. */
  readonly env: Environment;
  readonly profileName: string;
  /** The profile's settings (the credentials file's, then the config file's on top). */
  readonly profile: Profile;
  /** The whole config file, for a profile's `services` section. */
  readonly configFile: ConfigFile;
  readonly credentialsFilepath: string;
  readonly configFilepath: string;
}

/** A frozen copy of the environment: what the step's own settings are decided from. */
export function snapshotEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return Object.freeze({ ...env });
}

/** Reads the shared config files named by the snapshot (their absence is no error). */
export async function loadAwsSetup(env: Environment): Promise<AwsSetup> {
  const home = env.HOME || env.USERPROFILE || homedir();
  const credentialsFilepath = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const configFilepath = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  const profileName = env.AWS_PROFILE || 'default';
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    filepath: credentialsFilepath,
    configFilepath,
    // Read again on every setup rather than from the SDK's cache of an earlier one.
    ignoreCache: true,
  });
  return Object.freeze({
    env,
    profileName,
    profile: { ...credentialsFile[profileName], ...configFile[profileName] },
    configFile,
    credentialsFilepath,
    configFilepath,
  });
}

/**
 * One setting, as the SDK's loader would decide it, but from the snapshot: a selector that throws
 * (a malformed value) counts as unset there too, as in the SDK.
 */
export function settingOf<T>(selectors: SettingSelectors<T>, setup: AwsSetup): T {
  const attempt = (read: () => T | undefined): T | undefined => {
    try {
      return read();
    } catch {
      return undefined;
    }
  };
  const value =
    attempt(() => selectors.environmentVariableSelector(setup.env)) ??
    attempt(() => selectors.configFileSelector(setup.profile, setup.configFile));
  if (value !== undefined) return value;
  return typeof selectors.default === 'function'
    ? (selectors.default as () => T)()
    : selectors.default;
}

/** A value as a provider: a client option that is set (even to "nothing") is never loaded. */
function fixed<T>(value: T): () => Promise<T> {
  return () => Promise.resolve(value);
}

const IGNORE_CONFIGURED_ENDPOINTS: SettingSelectors<boolean> = {
  environmentVariableSelector: (env) =>
    booleanSelector(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', SelectorType.ENV),
  configFileSelector: (profile) =>
    booleanSelector(profile, 'ignore_configured_endpoint_urls', SelectorType.CONFIG),
  default: false,
};

/**
 * The endpoint configured for a service (as the SDK's `serviceId` names it: `SSM`,
 * `Secrets Manager`): AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services`
 * section, its `endpoint_url`; none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS says so.
 */
export function configuredEndpoint(serviceId: string, setup: AwsSetup): string | undefined {
  if (settingOf(IGNORE_CONFIGURED_ENDPOINTS, setup)) return undefined;
  const words = serviceId.split(' ');
  return settingOf<string | undefined>(
    {
      environmentVariableSelector: (env) =>
        env[['AWS_ENDPOINT_URL', ...words.map((w) => w.toUpperCase())].join('_')] ||
        env.AWS_ENDPOINT_URL ||
        undefined,
      configFileSelector: (profile, configFile) => {
        const services = profile.services;
        const section = services === undefined ? undefined : configFile?.[`services.${services}`];
        const key = `${words.map((w) => w.toLowerCase()).join('_')}.endpoint_url`;
        return section?.[key] || profile.endpoint_url || undefined;
      },
      default: undefined,
    },
    setup,
  );
}

/** The settings every client shares, decided from the snapshot (credentials apart). */
export interface SdkSettings {
  readonly profile: string;
  readonly useFipsEndpoint: boolean;
  readonly useDualstackEndpoint: boolean;
  readonly userAgentAppId: () => Promise<string | undefined>;
  readonly authSchemePreference: () => Promise<string[]>;
}

/** What a client of `serviceId` is given so that it reads nothing from process.env. */
export interface EndpointSettings {
  readonly endpoint?: string;
  /** Without a configured endpoint: the SDK must not look for one in process.env later. */
  readonly ignoreConfiguredEndpointUrls?: true;
}

export function endpointSettings(serviceId: string, setup: AwsSetup): EndpointSettings {
  const endpoint = configuredEndpoint(serviceId, setup);
  return endpoint === undefined ? { ignoreConfiguredEndpointUrls: true } : { endpoint };
}

export function sdkSettings(setup: AwsSetup): SdkSettings {
  return {
    profile: setup.profileName,
    useFipsEndpoint:
      settingOf(nodeFipsConfigSelectors as SettingSelectors<boolean | undefined>, setup) ?? false,
    useDualstackEndpoint:
      settingOf(nodeDualstackConfigSelectors as SettingSelectors<boolean | undefined>, setup) ??
      false,
    userAgentAppId: fixed(
      settingOf(NODE_APP_ID_CONFIG_OPTIONS as SettingSelectors<string | undefined>, setup),
    ),
    authSchemePreference: fixed(
      settingOf(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS as SettingSelectors<string[]>, setup),
    ),
  };
}

/**
 * The credentials of the step, decided from the snapshot and shared by every client (so they are
 * resolved once). Keys in the environment are used as they are, as the SDK's first provider
 * would; otherwise the SDK's provider chain runs with every input it would read from the
 * environment given explicitly: the profile (which also makes it skip keys that later appear in
 * process.env), the files, the web identity token.
 */
export async function credentialsOf(setup: AwsSetup): Promise<AwsCredentialIdentityProvider> {
  const { env } = setup;
  if (!env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    const credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(env.AWS_CREDENTIAL_EXPIRATION
        ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) }
        : {}),
      ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
      ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
    };
    return fixed(credentials);
  }
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  return defaultProvider({
    profile: setup.profileName,
    filepath: setup.credentialsFilepath,
    configFilepath: setup.configFilepath,
    // An empty string, not undefined: undefined would make the provider read process.env.
    webIdentityTokenFile: env.AWS_WEB_IDENTITY_TOKEN_FILE ?? '',
    roleArn: env.AWS_ROLE_ARN ?? '',
    ...(env.AWS_ROLE_SESSION_NAME ? { roleSessionName: env.AWS_ROLE_SESSION_NAME } : {}),
    awsContainerCredentialsRelativeUri: env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? '',
    awsContainerCredentialsFullUri: env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '',
    awsContainerAuthorizationToken: env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '',
    awsContainerAuthorizationTokenFile: env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? '',
    // The STS client that trades a web identity token or assumes a role.
    clientConfig: { ...endpointSettings('STS', setup), ...sdkSettings(setup) },
  });
}
