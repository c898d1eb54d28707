export const id = 258;
export const ids = [258];
export const modules = {

/***/ 718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YN: () => (/* binding */ credentialsOf),
/* harmony export */   _L: () => (/* binding */ sdkSettings),
/* harmony export */   h6: () => (/* binding */ endpointSettings),
/* harmony export */   lV: () => (/* binding */ loadAwsSetup),
/* harmony export */   y7: () => (/* binding */ settingOf)
/* harmony export */ });
/* unused harmony exports snapshotEnvironment, configuredEndpoint */
/* harmony import */ var _aws_sdk_core_client__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5152);
/* harmony import */ var _aws_sdk_core_httpAuthSchemes__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7523);
/* harmony import */ var _smithy_core_config__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7291);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
// Everything the AWS SDK would read from the environment and the shared config files, read once
// from the environment as it was when the step started, and handed to every client as a value.
//
// Left to itself, the SDK reads process.env when a request is made: the endpoint
// (AWS_ENDPOINT_URL_*), FIPS, the profile, the config file's path, credentials. This step itself
// changes process.env (export-env exports through it), so a value read from a secret could then
// redirect the step's own clients. Here each such setting is decided from the snapshot, by the
// SDK's own selectors where it exports them, and given to the client explicitly: a client option
// that is set is never looked up again.





/** A frozen copy of the environment: what the step's own settings are decided from. */
function snapshotEnvironment(env = process.env) {
    return Object.freeze({ ...env });
}
/** Reads the shared config files named by the snapshot (their absence is no error). */
async function loadAwsSetup(env) {
    const home = env.HOME || env.USERPROFILE || (0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)();
    const credentialsFilepath = env.AWS_SHARED_CREDENTIALS_FILE || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(home, '.aws', 'credentials');
    const configFilepath = env.AWS_CONFIG_FILE || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(home, '.aws', 'config');
    const profileName = env.AWS_PROFILE || 'default';
    const { configFile, credentialsFile } = await (0,_smithy_core_config__WEBPACK_IMPORTED_MODULE_2__.loadSharedConfigFiles)({
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
function settingOf(selectors, setup) {
    const attempt = (read) => {
        try {
            return read();
        }
        catch {
            return undefined;
        }
    };
    const value = attempt(() => selectors.environmentVariableSelector(setup.env)) ??
        attempt(() => selectors.configFileSelector(setup.profile, setup.configFile));
    if (value !== undefined)
        return value;
    return typeof selectors.default === 'function'
        ? selectors.default()
        : selectors.default;
}
/** A value as a provider: a client option that is set (even to "nothing") is never loaded. */
function fixed(value) {
    return () => Promise.resolve(value);
}
const IGNORE_CONFIGURED_ENDPOINTS = {
    environmentVariableSelector: (env) => (0,_smithy_core_config__WEBPACK_IMPORTED_MODULE_2__.booleanSelector)(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', _smithy_core_config__WEBPACK_IMPORTED_MODULE_2__.SelectorType.ENV),
    configFileSelector: (profile) => (0,_smithy_core_config__WEBPACK_IMPORTED_MODULE_2__.booleanSelector)(profile, 'ignore_configured_endpoint_urls', _smithy_core_config__WEBPACK_IMPORTED_MODULE_2__.SelectorType.CONFIG),
    default: false,
};
/**
 * The endpoint configured for a service (as the SDK's `serviceId` names it: `SSM`,
 * `Secrets Manager`): AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services`
 * section, its `endpoint_url`; none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS says so.
 */
function configuredEndpoint(serviceId, setup) {
    if (settingOf(IGNORE_CONFIGURED_ENDPOINTS, setup))
        return undefined;
    const words = serviceId.split(' ');
    return settingOf({
        environmentVariableSelector: (env) => env[['AWS_ENDPOINT_URL', ...words.map((w) => w.toUpperCase())].join('_')] ||
            env.AWS_ENDPOINT_URL ||
            undefined,
        configFileSelector: (profile, configFile) => {
            const services = profile.services;
            const section = services === undefined ? undefined : configFile?.[`services.${services}`];
            const key = `${words.map((w) => w.toLowerCase()).join('_')}.endpoint_url`;
            return section?.[key] || profile.endpoint_url || undefined;
        },
        default: undefined,
    }, setup);
}
function endpointSettings(serviceId, setup) {
    const endpoint = configuredEndpoint(serviceId, setup);
    return endpoint === undefined ? { ignoreConfiguredEndpointUrls: true } : { endpoint };
}
function sdkSettings(setup) {
    return {
        profile: setup.profileName,
        useFipsEndpoint: settingOf(_smithy_core_config__WEBPACK_IMPORTED_MODULE_2__.nodeFipsConfigSelectors, setup) ?? false,
        useDualstackEndpoint: settingOf(_smithy_core_config__WEBPACK_IMPORTED_MODULE_2__.nodeDualstackConfigSelectors, setup) ??
            false,
        userAgentAppId: fixed(settingOf(_aws_sdk_core_client__WEBPACK_IMPORTED_MODULE_3__.NODE_APP_ID_CONFIG_OPTIONS, setup)),
        authSchemePreference: fixed(settingOf(_aws_sdk_core_httpAuthSchemes__WEBPACK_IMPORTED_MODULE_4__.NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, setup)),
    };
}
/**
 * The credentials of the step, decided from the snapshot and shared by every client (so they are
 * resolved once). Keys in the environment are used as they are, as the SDK's first provider
 * would; otherwise the SDK's provider chain runs with every input it would read from the
 * environment given explicitly: the profile (which also makes it skip keys that later appear in
 * process.env), the files, the web identity token.
 */
async function credentialsOf(setup) {
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
    const { defaultProvider } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861)]).then(__webpack_require__.t.bind(__webpack_require__, 5861, 19));
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


/***/ }),

/***/ 4258:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_MAX_ATTEMPTS: () => (/* binding */ DEFAULT_MAX_ATTEMPTS),
/* harmony export */   USER_AGENT: () => (/* binding */ USER_AGENT),
/* harmony export */   clientContext: () => (/* binding */ clientContext),
/* harmony export */   clientSettings: () => (/* binding */ clientSettings),
/* harmony export */   createClients: () => (/* binding */ createClients),
/* harmony export */   s3NeedsPathStyle: () => (/* binding */ s3NeedsPathStyle)
/* harmony export */ });
/* harmony import */ var _aws_settings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(718);
// One factory for every AWS client the action uses: region, retries, user agent, timeouts,
// endpoints and credentials are decided here once, from the environment as it was when the step
// started (aws-settings.ts), never from process.env as it is when a request is made. Endpoints are
// never hard-coded: AWS_ENDPOINT_URL and the per-service AWS_ENDPOINT_URL_* variables are
// honoured, which is how the action runs against LocalStack or the project's sandbox.
//
// Each service's SDK is loaded only when a run needs it (`load`), so a secrets-only run never
// loads the SSM or S3 client.

/** Attempts per call when AWS_MAX_ATTEMPTS is not set: enough to ride out a burst of throttling. */
const DEFAULT_MAX_ATTEMPTS = 8;
const USER_AGENT = ['ssm-deploy', '1'];
/** Reads what the clients need from the snapshot `env` (and the shared config files it names). */
async function clientContext(env) {
    const setup = await (0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .loadAwsSetup */ .lV)(env);
    return { setup, credentials: await (0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .credentialsOf */ .YN)(setup) };
}
/**
 * The settings of a client of `serviceId` (the SDK's name: `SSM`, `Secrets Manager`, `S3`);
 * AWS_MAX_ATTEMPTS and AWS_RETRY_MODE override the defaults.
 */
function clientSettings(region, serviceId, context) {
    const { env } = context.setup;
    const attempts = Number(env.AWS_MAX_ATTEMPTS);
    return {
        region,
        ...(0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .sdkSettings */ ._L)(context.setup),
        ...(0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .endpointSettings */ .h6)(serviceId, context.setup),
        credentials: context.credentials,
        maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS,
        // Adaptive mode adds client-side rate limiting on top of backoff, so a throttled burst of
        // parallel calls slows itself down instead of failing.
        retryMode: env.AWS_RETRY_MODE || 'adaptive',
        customUserAgent: [USER_AGENT],
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    };
}
/** S3 behind an endpoint override (LocalStack, the sandbox) is addressed path-style. */
function s3NeedsPathStyle(settings) {
    return settings.endpoint !== undefined;
}
const SERVICE_IDS = {
    ssm: 'SSM',
    secretsManager: 'Secrets Manager',
    s3: 'S3',
};
const LOADERS = {
    ssm: async () => (await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(736)]).then(__webpack_require__.t.bind(__webpack_require__, 4736, 19))).SSMClient,
    secretsManager: async () => (await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(994)]).then(__webpack_require__.t.bind(__webpack_require__, 2994, 19))).SecretsManagerClient,
    s3: async (context) => {
        const [{ S3Client }, { s3Settings }] = await Promise.all([
            Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(985), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19)),
            Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(985), __webpack_require__.e(539)]).then(__webpack_require__.bind(__webpack_require__, 3539)),
        ]);
        const extra = s3Settings(context.setup);
        return (settings) => new S3Client({ ...settings, ...extra, forcePathStyle: s3NeedsPathStyle(settings) });
    },
};
/** Clients are made on first use and kept per region (a secret ARN may name another region). */
function createClients(region, context) {
    const loaded = {};
    const loading = new Map();
    const constructorOf = (service) => {
        const made = loaded[service];
        if (made === undefined)
            throw new Error(`The ${SERVICE_IDS[service]} SDK was not loaded.`);
        return made;
    };
    const cache = new Map();
    const cached = (kind, key, make) => {
        const id = `${kind}:${key}`;
        let client = cache.get(id);
        if (client === undefined) {
            client = make();
            cache.set(id, client);
        }
        return client;
    };
    const settings = (target, service) => clientSettings(target, SERVICE_IDS[service], context);
    let account;
    let logs;
    let elbv2;
    let cloudWatch;
    return {
        load: async (...services) => {
            await Promise.all(services.map((service) => {
                let promise = loading.get(service);
                if (promise === undefined) {
                    promise = LOADERS[service](context).then((made) => {
                        loaded[service] = made;
                    });
                    loading.set(service, promise);
                }
                return promise;
            }));
        },
        account: () => (account ??= callerAccount(region, context)),
        logs: () => (logs ??= logsClient(region, context)),
        elbv2: () => (elbv2 ??= elbv2Client(region, context)),
        cloudWatch: () => (cloudWatch ??= cloudWatchClient(region, context)),
        ssm: (target = region) => cached('ssm', target, () => new (constructorOf('ssm'))(settings(target, 'ssm'))),
        ssmSingleAttempt: (target = region) => cached('ssm-single', target, () => new (constructorOf('ssm'))({ ...settings(target, 'ssm'), maxAttempts: 1 })),
        maxAttempts: clientSettings(region, 'SSM', context).maxAttempts,
        secretsManager: (target = region) => cached('secretsmanager', target, () => new (constructorOf('secretsManager'))(settings(target, 'secretsManager'))),
        s3: (target = region) => cached('s3', target, () => constructorOf('s3')(settings(target, 's3'))),
    };
}
/** The account the credentials belong to, as STS says; a failure names what was asked. */
async function callerAccount(region, context) {
    const [{ STSClient, GetCallerIdentityCommand }, { ActionError }, { sigv4aSettings }] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(695)]).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19)),
        Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 3916)),
        Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(985), __webpack_require__.e(539)]).then(__webpack_require__.bind(__webpack_require__, 3539)),
    ]);
    const sts = new STSClient({
        ...clientSettings(region, 'STS', context),
        ...sigv4aSettings(context.setup),
    });
    try {
        const { Account } = await sts.send(new GetCallerIdentityCommand({}));
        if (Account === undefined || !/^\d{12}$/.test(Account))
            throw new Error('STS named no account');
        return Account;
    }
    catch (error) {
        throw new ActionError('Could not learn the account of the credentials (STS GetCallerIdentity), which output-s3-bucket must belong to.', { cause: error });
    }
    finally {
        sts.destroy();
    }
}
async function logsClient(region, context) {
    const { CloudWatchLogsClient } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(303)]).then(__webpack_require__.t.bind(__webpack_require__, 303, 19));
    return new CloudWatchLogsClient(clientSettings(region, 'CloudWatch Logs', context));
}
async function elbv2Client(region, context) {
    const { ElasticLoadBalancingV2Client } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(586)]).then(__webpack_require__.t.bind(__webpack_require__, 586, 19));
    return new ElasticLoadBalancingV2Client(clientSettings(region, 'Elastic Load Balancing v2', context));
}
async function cloudWatchClient(region, context) {
    const { CloudWatchClient } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(85)]).then(__webpack_require__.t.bind(__webpack_require__, 4085, 19));
    return new CloudWatchClient(clientSettings(region, 'CloudWatch', context));
}


/***/ })

};

//# sourceMappingURL=258.index.js.map