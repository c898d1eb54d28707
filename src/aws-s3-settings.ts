// The settings only the S3 (and STS) clients read from the environment, decided from the
// start-of-step snapshot like the others (aws-settings.ts). A module of its own so that their SDK
// parts are loaded only with the S3 or STS client.

import {
  NODE_REQUEST_CHECKSUM_CALCULATION_CONFIG_OPTIONS,
  NODE_RESPONSE_CHECKSUM_VALIDATION_CONFIG_OPTIONS,
  type RequestChecksumCalculation,
  type ResponseChecksumValidation,
} from '@aws-sdk/checksums/flexible-checksums';
import { NODE_SIGV4A_CONFIG_OPTIONS } from '@aws-sdk/core/httpAuthSchemes';
import {
  NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_OPTIONS,
  NODE_USE_ARN_REGION_CONFIG_OPTIONS,
} from '@aws-sdk/middleware-sdk-s3/s3';
import { settingOf, type AwsSetup, type SettingSelectors } from './aws-settings.js';

export interface Sigv4aSettings {
  /** A provider even when unset: a client option that is set is never loaded from process.env. */
  readonly sigv4aSigningRegionSet: () => Promise<string[] | undefined>;
}

export function sigv4aSettings(setup: AwsSetup): Sigv4aSettings {
  const regions = settingOf(
    NODE_SIGV4A_CONFIG_OPTIONS as SettingSelectors<string[] | undefined>,
    setup,
  );
  return { sigv4aSigningRegionSet: () => Promise.resolve(regions) };
}

export interface S3Settings extends Sigv4aSettings {
  readonly requestChecksumCalculation: RequestChecksumCalculation;
  readonly responseChecksumValidation: ResponseChecksumValidation;
  readonly disableS3ExpressSessionAuth: boolean;
  readonly useArnRegion: boolean;
}

export function s3Settings(setup: AwsSetup): S3Settings {
  return {
    ...sigv4aSettings(setup),
    requestChecksumCalculation: settingOf(
      NODE_REQUEST_CHECKSUM_CALCULATION_CONFIG_OPTIONS as SettingSelectors<RequestChecksumCalculation>,
      setup,
    ),
    responseChecksumValidation: settingOf(
      NODE_RESPONSE_CHECKSUM_VALIDATION_CONFIG_OPTIONS as SettingSelectors<ResponseChecksumValidation>,
      setup,
    ),
    disableS3ExpressSessionAuth: settingOf(
      NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_OPTIONS as SettingSelectors<boolean>,
      setup,
    ),
    // Unset means false in the SDK too; false is given so that it is not looked up later.
    useArnRegion:
      settingOf(
        NODE_USE_ARN_REGION_CONFIG_OPTIONS as SettingSelectors<boolean | undefined>,
        setup,
      ) ?? false,
  };
}
