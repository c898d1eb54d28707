export const id = 823;
export const ids = [823];
export const modules = {

/***/ 5148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ isThrottling),
/* harmony export */   IR: () => (/* binding */ retryHint),
/* harmony export */   Pp: () => (/* binding */ describeAwsError),
/* harmony export */   ZR: () => (/* binding */ awsErrorFacts),
/* harmony export */   oR: () => (/* binding */ isSetupError),
/* harmony export */   vu: () => (/* binding */ isRefusal),
/* harmony export */   w7: () => (/* binding */ isAccessDenied)
/* harmony export */ });
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1633);
// Reading the AWS SDK's errors without trusting their shape: a service exception carries its code
// in `name`, its HTTP status in `$metadata`, and sometimes extra fields from the response.

function awsErrorFacts(error) {
    if (!(error instanceof Error))
        return { code: 'Error', message: String(error), status: undefined };
    const metadata = error.$metadata;
    const status = metadata?.httpStatusCode;
    return {
        code: error.name || 'Error',
        message: error.message,
        status: typeof status === 'number' ? status : undefined,
    };
}
/** `Code: message`, for a message that says what AWS answered. */
function describeAwsError(error) {
    const { code, message } = awsErrorFacts(error);
    return message && message !== code ? `${code}: ${message}` : code;
}
/**
 * Errors of the whole setup rather than of one secret or bucket: with no credentials every call
 * fails alike, and saying so once is enough.
 */
const SETUP_ERRORS = new Set([
    'CredentialsProviderError',
    'ExpiredTokenException',
    'ExpiredToken',
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
]);
function isSetupError(error) {
    return SETUP_ERRORS.has(awsErrorFacts(error).code);
}
/** Refusals for the rate, not for the request: nothing was carried out, and a later try may pass. */
const THROTTLING = new Set([
    'ThrottlingException',
    'Throttling',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'ProvisionedThroughputExceededException',
]);
function isThrottling(error) {
    const { code, status } = awsErrorFacts(error);
    return THROTTLING.has(code) || status === 429;
}
/** Any other 4xx: AWS answered and refused the request itself, and will refuse it again. */
function isRefusal(error) {
    const { status } = awsErrorFacts(error);
    return status !== undefined && status >= 400 && status < 500 && !isThrottling(error);
}
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'Forbidden']);
function isAccessDenied(code) {
    return ACCESS_DENIED.has(code);
}
/**
 * What to do about a call that failed for a reason not of the item itself: the known hint for its
 * error (no credentials, expired token, …); for a request AWS refused, that trying again will not
 * help (the SDK retries none of those); or else that the SDK's retries ran out.
 */
function retryHint(error) {
    const { code, status } = awsErrorFacts(error);
    const known = (0,_failure_js__WEBPACK_IMPORTED_MODULE_0__/* .knownHint */ .tI)(code);
    if (known !== undefined)
        return known;
    if (status !== undefined && isRefusal(error))
        return `AWS refused the request itself (HTTP ${status}), so running the job again as it is will fail the same way; the message says what it objects to.`;
    return 'The call kept failing after every retry. Check the region and the network, or raise AWS_MAX_ATTEMPTS, then run the job again.';
}


/***/ }),

/***/ 5823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runBeforeDeploy: () => (/* binding */ runBeforeDeploy)
});

// EXTERNAL MODULE: ./src/aws-errors.ts
var aws_errors = __webpack_require__(5148);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/env-names.ts
// Environment variable names that programs of a later step read as instructions: set from data,
// any of them turns a secret's key or a parameter's name into code execution (BASH_ENV, LD_PRELOAD,
// NODE_OPTIONS, GIT_CONFIG_*), a hijacked connection (AWS_ENDPOINT_URL_*, HTTPS_PROXY,
// SSL_CERT_FILE) or a forged step (GITHUB_*, STATE_*). export-env never exports one of them under a
// name that data chose. The README's table is checked against this list by a test.
//
// Names are compared without regard to case: curl and others read `http_proxy` in lower case, and
// on Windows runners `path` is PATH.
const RESERVED_ENV_NAMES = [
    {
        // The bash manual's "Shell Variables" (Bourne and bash), and what login shells and ls read.
        who: 'the shell and the programs it starts',
        names: [
            'BASH_ENV',
            'ENV',
            'IFS',
            'PS1',
            'PS2',
            'PS3',
            'PS4',
            'PROMPT_COMMAND',
            'PROMPT_DIRTRIM',
            'SHELLOPTS',
            'BASHOPTS',
            'CDPATH',
            'GLOBIGNORE',
            'EXECIGNORE',
            'FIGNORE',
            'FUNCNEST',
            'HOME',
            'PATH',
            'SHELL',
            'SHLVL',
            'PWD',
            'OLDPWD',
            'OPTIND',
            'OPTARG',
            'OPTERR',
            'MAIL',
            'MAILPATH',
            'MAILCHECK',
            'HOSTFILE',
            'INPUTRC',
            'TMOUT',
            'TMPDIR',
            'TMP',
            'TEMP',
            'POSIXLY_CORRECT',
            'ZDOTDIR',
            'USER',
            'LOGNAME',
            'TERM',
            'TERMINFO',
            'TZ',
            'EDITOR',
            'VISUAL',
            'PAGER',
            'MANPAGER',
            'BROWSER',
            'DISPLAY',
            'GZIP',
            'XZ_OPT',
            'XZ_DEFAULTS',
            'TAR_OPTIONS',
            'WGETRC',
            'GNUPGHOME',
            'SUDO_ASKPASS',
            'LESS',
            'LESSOPEN',
            'LESSCLOSE',
            'LESSKEY',
            'LESSSECURE',
            'LESSCHARSET',
            'LESSEDIT',
        ],
        prefixes: ['BASH', 'HIST', 'XDG_', 'SSH_', 'ZSH'],
    },
    {
        // Locale: how every program parses and prints; glibc also loads modules named by locale paths.
        who: 'the C library (locale)',
        names: ['LANG', 'LANGUAGE', 'LOCPATH', 'NLSPATH', 'GCONV_PATH', 'HOSTALIASES', 'RES_OPTIONS'],
        prefixes: ['LC_'],
    },
    {
        who: 'the dynamic loader',
        names: ['GLIBC_TUNABLES'],
        prefixes: ['LD_', 'DYLD_', 'MALLOC_'],
    },
    {
        // GIT_CONFIG_COUNT/KEY_n/VALUE_n set any configuration, hooks included.
        who: 'git',
        names: [],
        prefixes: ['GIT_'],
    },
    {
        who: 'Node.js and npm',
        names: [],
        prefixes: ['NODE_', 'NPM_', 'YARN_', 'COREPACK_', 'BUN_', 'DENO_'],
    },
    {
        who: 'Python',
        names: ['VIRTUAL_ENV'],
        prefixes: ['PYTHON', 'PIP_', 'UV_', 'CONDA_'],
    },
    {
        who: 'Perl, Ruby and PHP',
        names: ['RUBYOPT', 'RUBYLIB', 'PHPRC', 'PHP_INI_SCAN_DIR'],
        prefixes: ['PERL', 'GEM_', 'BUNDLE_', 'BUNDLER_'],
    },
    {
        who: 'Java and its build tools',
        names: ['_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH', 'M2_HOME'],
        prefixes: ['JAVA_', 'MAVEN_', 'GRADLE_'],
    },
    {
        who: 'Go, Rust and .NET',
        names: [
            'GOFLAGS',
            'GOPROXY',
            'GOPATH',
            'GOROOT',
            'GOTOOLCHAIN',
            'GOSUMDB',
            'GONOSUMDB',
            'GONOSUMCHECK',
            'GONOPROXY',
            'GOPRIVATE',
            'GOINSECURE',
            'GOENV',
            'GOCACHE',
            'GOMODCACHE',
            'GOEXPERIMENT',
            'GODEBUG',
            'GOOS',
            'GOARCH',
            'GOBIN',
            'GOWORK',
            'GOTMPDIR',
            'GOVCS',
            'GOAUTH',
            'RUSTFLAGS',
            'RUSTDOCFLAGS',
        ],
        prefixes: ['CGO_', 'CARGO_', 'RUSTC', 'RUSTUP_', 'DOTNET_', 'COMPLUS_', 'CORECLR_', 'NUGET_'],
    },
    {
        who: 'compilers and make',
        names: [
            'CC',
            'CXX',
            'CPP',
            'CFLAGS',
            'CXXFLAGS',
            'CPPFLAGS',
            'LDFLAGS',
            'LDLIBS',
            'MAKEFLAGS',
            'MFLAGS',
            'CPATH',
            'LIBRARY_PATH',
            'C_INCLUDE_PATH',
            'CPLUS_INCLUDE_PATH',
        ],
        prefixes: ['PKG_CONFIG'],
    },
    {
        // Where connections go and which certificates are trusted.
        who: 'TLS and proxy settings (curl, OpenSSL and most HTTP clients)',
        names: [
            'HTTP_PROXY',
            'HTTPS_PROXY',
            'ALL_PROXY',
            'NO_PROXY',
            'FTP_PROXY',
            'REQUESTS_CA_BUNDLE',
        ],
        prefixes: ['SSL_', 'CURL_', 'OPENSSL_'],
    },
    {
        // AWS_ENDPOINT_URL_*, AWS_CONFIG_FILE, AWS_PROFILE, AWS_CA_BUNDLE, credentials and region.
        who: 'the AWS SDKs and CLI',
        names: [],
        prefixes: ['AWS_'],
    },
    {
        who: 'other cloud and deployment tools',
        names: ['KUBECONFIG'],
        prefixes: ['GOOGLE_', 'CLOUDSDK_', 'AZURE_', 'ARM_', 'TF_', 'DOCKER_', 'BUILDKIT_', 'HELM_'],
    },
    {
        // The runner reads GITHUB_* and RUNNER_* files and settings, INPUT_* are a step's inputs and
        // STATE_* its post step's state; GH_* configures the gh CLI.
        who: 'GitHub Actions and the gh CLI',
        names: ['CI', 'IMAGEOS', 'IMAGEVERSION', 'AGENT_TOOLSDIRECTORY'],
        prefixes: ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_', 'GH_'],
    },
    {
        who: 'Windows and PowerShell',
        names: [
            'COMSPEC',
            'PATHEXT',
            'SYSTEMROOT',
            'WINDIR',
            'USERPROFILE',
            'APPDATA',
            'LOCALAPPDATA',
            'PROGRAMDATA',
            'PSMODULEPATH',
        ],
        prefixes: ['POWERSHELL_'],
    },
];
/**
 * Who gives `name` a meaning, or undefined when nothing on the list does. Case does not matter.
 */
function reservedEnvName(name) {
    const upper = name.toUpperCase();
    for (const family of RESERVED_ENV_NAMES)
        if (family.names.includes(upper) || family.prefixes.some((prefix) => upper.startsWith(prefix)))
            return family.who;
    return undefined;
}

// EXTERNAL MODULE: ./src/inputs.ts + 6 modules
var inputs = __webpack_require__(2918);
;// CONCATENATED MODULE: ./src/outputs.ts
// The step outputs that secrets and parameters become, checked as one set: every name set once,
// none taking one of the action's own outputs, none overwriting an environment variable that is
// already set. Names whose owners are only known after reading (prefixes, paths, ARNs, JSON keys)
// are checked here; the input parser already refused what was known before any call.



const RESERVED_HINT = 'Names that data chooses (a parameter below a path, a JSON key, a secret matched by a prefix) may not be ones the shell, the dynamic loader, git, language runtimes, the runner or the AWS SDK read; the README lists them. Give the secret or parameter an alias of your own, or remove export-env.';
/** Who reads the variable an output would be exported as, when data chose its name. */
function reservedByFor(output) {
    return output.namedBy === 'data' ? reservedEnvName(output.name) : undefined;
}
/**
 * Joins what secrets and parameters yielded into one set of outputs, or throws an `ActionError`
 * for each name set twice, each name that is one of the action's own outputs, and (with
 * export-env) each variable that is already set.
 */
function combineValues(reads, manifest, options) {
    const outputs = [];
    const problems = [];
    const owners = new Map();
    const envOnly = new Set();
    const reserved = new Set(inputs/* RESERVED_OUTPUTS */.IV.map((name) => name.toUpperCase()));
    for (const output of reads.flatMap((read) => read.outputs)) {
        // Output names are matched without regard to case in workflow expressions.
        const key = output.name.toUpperCase();
        const previous = owners.get(key);
        if (previous?.name === output.name && previous.identity === output.identity)
            continue;
        outputs.push(output);
        if (previous !== undefined)
            problems.push(new src_errors.ActionError(`The output ${output.name} would be set by both ${previous.source} and ${output.source}.`, {
                hint: 'Give one of them an alias (ALIAS,ID), or read a JSON secret without parse-json-secrets.',
            }));
        else
            owners.set(key, output);
        // With export-env it is exported only, as aws-secretsmanager-get-secrets would export it.
        if (reserved.has(key)) {
            if (options.exportEnv)
                envOnly.add(output.name);
            else
                problems.push(new src_errors.ActionError(`The output ${output.name} of ${output.source} is the name of one of the action's own outputs.`, {
                    hint: 'Give it an alias (ALIAS,ID), or set export-env: true to have it as a variable only.',
                }));
        }
        const reservedBy = options.exportEnv ? reservedByFor(output) : undefined;
        if (reservedBy !== undefined)
            problems.push(new src_errors.ActionError(`export-env refuses to export ${output.name} (from ${output.source}): it means something to ${reservedBy}.`, { hint: RESERVED_HINT }));
        else if (options.exportEnv && options.env[output.name] !== undefined)
            problems.push(new src_errors.ActionError(`export-env would overwrite the environment variable ${output.name}, which is already set, with ${output.source}.`, {
                hint: 'Give it an alias (ALIAS,ID) that names a variable not yet set, or remove export-env.',
            }));
    }
    if (problems.length > 0)
        throw (0,src_errors.combineErrors)(problems);
    const masks = [...new Set(reads.flatMap((read) => read.masks))];
    const document = {};
    if (manifest.secrets !== undefined)
        document.secrets = manifest.secrets;
    if (manifest.parameters !== undefined)
        document.parameters = manifest.parameters;
    return {
        outputs,
        masks,
        warnings: reads.flatMap((read) => read.warnings),
        notes: reads.flatMap((read) => read.notes),
        manifest: JSON.stringify(document),
        exportEnv: options.exportEnv,
        envOnly,
    };
}

;// CONCATENATED MODULE: ./src/before-deploy.ts
// Phases 1 and 2, run concurrently: secrets and parameters into outputs, and versioned buckets.
// Returns plain data; main.ts has src/report/ mask and show it, then hands `secretValues` to the
// deploy.



async function runBeforeDeploy(config, deps) {
    const { clients } = deps;
    const secretsDeps = { clients, region: config.region, ifMissing: config.ifMissing };
    const parametersDeps = { clients, region: config.region, ifMissing: config.ifMissing };
    // The module of a phase and the SDK it calls, loaded together.
    const phase = async (module, service) => (await Promise.all([module, deps.load?.(service)]))[0];
    const secretsModule = () => phase(Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(994), __webpack_require__.e(712)]).then(__webpack_require__.bind(__webpack_require__, 3331)), 'secretsManager');
    const parametersModule = () => phase(Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(736), __webpack_require__.e(931)]).then(__webpack_require__.bind(__webpack_require__, 1931)), 'ssm');
    const bucketNames = config.versionedBuckets;
    const buckets = async () => {
        if (bucketNames === undefined)
            return undefined;
        const { ensureVersioning } = await phase(Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(861), __webpack_require__.e(523), __webpack_require__.e(985), __webpack_require__.e(711), __webpack_require__.e(331)]).then(__webpack_require__.bind(__webpack_require__, 331)), 's3');
        return ensureVersioning(bucketNames, {
            clients,
            region: config.region,
            dryRun: config.dryRun,
        });
    };
    let first;
    const inTurn = (start) => {
        if (first === undefined || deps.firstRequest === undefined) {
            const started = start();
            first ??= started;
            return started;
        }
        const ignore = () => undefined;
        return Promise.race([deps.firstRequest, first.then(ignore, ignore)]).then(start);
    };
    // A dry run reads exactly what a real run reads, so it finds every name that is misspelt or not
    // readable; the values are masked and never set as outputs (see report/before-deploy.ts).
    const { secrets: secretIds, parameters: parameterIds } = config;
    const [secrets, parameters, bucketResults] = await Promise.allSettled([
        secretIds === undefined
            ? undefined
            : inTurn(() => secretsModule().then((m) => m.readSecrets(secretIds, secretsDeps))),
        parameterIds === undefined
            ? undefined
            : inTurn(() => parametersModule().then((m) => m.readParameters(parameterIds, parametersDeps))),
        bucketNames === undefined ? undefined : inTurn(buckets),
    ]);
    // Secrets some of which could not be read: the step fails, but what was read is still set and
    // exported, as aws-secretsmanager-get-secrets does.
    let secretsRead;
    if (secrets.status === 'fulfilled')
        secretsRead = secrets.value;
    else if (secretIds !== undefined) {
        // Already loaded: the read that failed came from it.
        const { PartialSecretsRead } = await secretsModule();
        if (secrets.reason instanceof PartialSecretsRead)
            secretsRead = secrets.reason.read;
    }
    const secretsUsable = secrets.status === 'fulfilled' || secretsRead !== undefined;
    const read = [secretsRead, settled(parameters)];
    let values;
    let combineFailure;
    const asked = config.secrets !== undefined || config.parameters !== undefined;
    if (asked && secretsUsable && parameters.status === 'fulfilled') {
        try {
            values = combineValues(read.filter((part) => part !== undefined), {
                secrets: secretsRead?.manifest,
                parameters: parameters.value?.manifest,
            }, { exportEnv: config.exportEnv, env: deps.env });
        }
        catch (error) {
            combineFailure = { status: 'rejected', reason: error };
        }
    }
    return {
        secretValues: new Set(values?.masks),
        values,
        warnings: [...warningsOf(secrets), ...warningsOf(parameters)],
        buckets: settled(bucketResults),
        failure: failureOf([
            secrets,
            parameters,
            bucketResults,
            ...(combineFailure === undefined ? [] : [combineFailure]),
        ], settled(bucketResults)),
    };
}
function settled(result) {
    return result.status === 'fulfilled' ? result.value : undefined;
}
/** The warnings of a read, whether it succeeded or failed after gathering some. */
function warningsOf(result) {
    if (result.status === 'fulfilled')
        return result.value?.warnings ?? [];
    return result.reason instanceof src_errors.FailureWithWarnings ? result.reason.warnings : [];
}
/**
 * Every rejected phase and every bucket that failed, as one error. A failure of the whole setup
 * (no credentials, an expired token) makes every call fail alike; it is reported once.
 */
function failureOf(results, buckets) {
    const errors = [];
    for (const result of results)
        if (result.status === 'rejected')
            errors.push(result.reason instanceof Error ? result.reason : new Error(String(result.reason)));
    for (const bucket of buckets ?? [])
        if (bucket.kind === 'failed')
            errors.push(bucket.error);
    const seen = new Set();
    const distinct = errors.flatMap(flatten).filter((error) => {
        if (!(0,aws_errors/* isSetupError */.oR)(error.cause))
            return true;
        const code = (0,aws_errors/* awsErrorFacts */.ZR)(error.cause).code;
        if (seen.has(code))
            return false;
        seen.add(code);
        return true;
    });
    return distinct.length === 0 ? undefined : (0,src_errors.combineErrors)(distinct);
}
function flatten(error) {
    if (error instanceof src_errors.FailureWithWarnings)
        return flatten(error.failure);
    return error instanceof AggregateError
        ? error.errors.flatMap((inner) => flatten(inner instanceof Error ? inner : new Error(String(inner))))
        : [error];
}


/***/ }),

/***/ 1633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   tI: () => (/* binding */ knownHint)
/* harmony export */ });
/* unused harmony export MAX_PROBLEMS_SHOWN */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
// Turns any error into what a person on call can act on: one message per problem, a hint where
// the cause is known, and a stack trace only when step debugging is on.

/** What to check for the AWS errors people hit most, by exception name. */
const HINTS = {
    CredentialsProviderError: 'No AWS credentials were found. Add aws-actions/configure-aws-credentials (with GitHub OIDC) before this step.',
    ExpiredTokenException: 'The AWS credentials have expired. Raise role-duration-seconds in configure-aws-credentials, or run it closer to this step.',
    UnrecognizedClientException: 'AWS does not recognise these credentials. Check the role configure-aws-credentials assumes, and the region.',
    AccessDeniedException: "The role is missing a permission. Compare its policy with the README's least-privilege IAM policy.",
    AccessDenied: "The role is missing a permission. Compare its policy with the README's least-privilege IAM policy.",
    ThrottlingException: 'AWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
    // S3's name for throttling.
    SlowDown: 'AWS kept throttling the calls after every retry. Try again, or raise AWS_MAX_ATTEMPTS.',
    TimeoutError: 'An AWS endpoint did not answer in time. Check the region and the network.',
};
/** What to check for an AWS error of this name, when it is one people hit often. */
function knownHint(errorName) {
    return HINTS[errorName];
}
function describeFailure(error, debug) {
    // Its warnings are shown as warnings, by whoever caught it.
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__.FailureWithWarnings)
        return describeFailure(error.failure, debug);
    if (error instanceof AggregateError) {
        const parts = error.errors.map((inner) => describeFailure(inner, debug));
        const traces = parts.map((part) => part.debug).filter((trace) => trace !== undefined);
        return {
            messages: parts.flatMap((part) => part.messages),
            debug: traces.length > 0 ? traces.join('\n') : undefined,
        };
    }
    const stack = debug && error instanceof Error ? error.stack : undefined;
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__.InputError)
        return { messages: groupByInput(error), debug: stack };
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError)
        return { messages: [withHint(error.message, error.hint)], debug: stack };
    if (error instanceof Error) {
        const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
        return { messages: [withHint(`${name}${error.message}`, HINTS[error.name])], debug: stack };
    }
    return { messages: [`Unexpected failure: ${String(error)}`], debug: undefined };
}
/**
 * Problems shown per input. An input of thousands of bad lines would otherwise make one annotation
 * of megabytes, which the runner cuts at 4,096 characters anyway; the first few say what is wrong.
 */
const MAX_PROBLEMS_SHOWN = 10;
/** One message per input, however many problems it has, so each bad input is one annotation. */
function groupByInput(error) {
    const groups = new Map();
    for (const problem of error.problems) {
        const key = problem.input ?? '';
        const group = groups.get(key);
        if (group === undefined)
            groups.set(key, [(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__.formatProblem)(problem)]);
        else
            group.push(problem.message);
    }
    return [...groups.values()].map((group) => {
        const hidden = group.length - MAX_PROBLEMS_SHOWN;
        const shown = hidden > 0 ? group.slice(0, MAX_PROBLEMS_SHOWN) : group;
        return [
            ...shown,
            ...(hidden > 0 ? [`… and ${hidden} more problems with this input.`] : []),
        ].join('\n');
    });
}
function withHint(message, hint) {
    return hint === undefined ? message : `${message}\n${hint}`;
}


/***/ })

};

//# sourceMappingURL=823.index.js.map