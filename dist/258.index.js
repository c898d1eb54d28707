export const id = 258;
export const ids = [258];
export const modules = {

/***/ 4258:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_MAX_ATTEMPTS: () => (/* binding */ DEFAULT_MAX_ATTEMPTS),
/* harmony export */   USER_AGENT: () => (/* binding */ USER_AGENT),
/* harmony export */   clientSettings: () => (/* binding */ clientSettings),
/* harmony export */   createClients: () => (/* binding */ createClients),
/* harmony export */   createLogsClient: () => (/* binding */ createLogsClient),
/* harmony export */   s3NeedsPathStyle: () => (/* binding */ s3NeedsPathStyle)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3711);
/* harmony import */ var _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2994);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4736);
// One factory for every AWS client the action uses: region, retries, user agent and timeouts are
// decided here once. Endpoints are never hard-coded: the SDK itself honours AWS_ENDPOINT_URL and
// the per-service AWS_ENDPOINT_URL_* variables, which is how the action runs against LocalStack or
// the project's sandbox.



/** Attempts per call when AWS_MAX_ATTEMPTS is not set: enough to ride out a burst of throttling. */
const DEFAULT_MAX_ATTEMPTS = 8;
const USER_AGENT = ['ssm-deploy', '1'];
/** The settings shared by every client; environment variables override the defaults. */
function clientSettings(region, env) {
    const attempts = Number(env.AWS_MAX_ATTEMPTS);
    return {
        region,
        maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS,
        // Adaptive mode adds client-side rate limiting on top of backoff, so a throttled burst of
        // parallel calls slows itself down instead of failing.
        retryMode: env.AWS_RETRY_MODE || 'adaptive',
        customUserAgent: [USER_AGENT],
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    };
}
/** S3 behind an endpoint override (LocalStack, the sandbox) is addressed path-style. */
function s3NeedsPathStyle(env) {
    return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}
/** Clients are made on first use and kept per region (a secret ARN may name another region). */
function createClients(region, env) {
    const cache = new Map();
    const cached = (kind, target, make) => {
        const key = `${kind}:${target}`;
        let client = cache.get(key);
        if (client === undefined) {
            client = make(clientSettings(target, env));
            cache.set(key, client);
        }
        return client;
    };
    let account;
    return {
        account: () => (account ??= callerAccount(region, env)),
        ssm: (target = region) => cached('ssm', target, (settings) => new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .SSMClient */ .jBj(settings)),
        ssmSingleAttempt: (target = region) => cached('ssm-single', target, (settings) => new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .SSMClient */ .jBj({ ...settings, maxAttempts: 1 })),
        maxAttempts: clientSettings(region, env).maxAttempts,
        secretsManager: (target = region) => cached('secretsmanager', target, (settings) => new _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_1__/* .SecretsManagerClient */ ._H(settings)),
        s3: (target = region) => cached('s3', target, (settings) => new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .S3Client */ .YxF({ ...settings, forcePathStyle: s3NeedsPathStyle(env) })),
    };
}
/** The account the credentials belong to, as STS says; a failure names what was asked. */
async function callerAccount(region, env) {
    const [{ STSClient, GetCallerIdentityCommand }, { ActionError }] = await Promise.all([
        __webpack_require__.e(/* import() */ 695).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19)),
        Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 3916)),
    ]);
    const sts = new STSClient(clientSettings(region, env));
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
/**
 * A CloudWatch Logs client, only for `cloudwatch-log-group`: its SDK is loaded here, on first
 * use, so a run without it never loads it.
 */
async function createLogsClient(region, env) {
    const { CloudWatchLogsClient } = await __webpack_require__.e(/* import() */ 303).then(__webpack_require__.t.bind(__webpack_require__, 303, 19));
    return new CloudWatchLogsClient(clientSettings(region, env));
}


/***/ })

};

//# sourceMappingURL=258.index.js.map