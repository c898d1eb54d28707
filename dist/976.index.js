export const id = 976;
export const ids = [976];
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

/***/ 4976:
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
// EXTERNAL MODULE: ./src/inputs.ts + 6 modules
var inputs = __webpack_require__(3593);
;// CONCATENATED MODULE: ./src/outputs.ts
// The step outputs that secrets and parameters become, checked as one set: every name set once,
// none taking one of the action's own outputs, none overwriting an environment variable that is
// already set. Names whose owners are only known after reading (prefixes, paths, ARNs, JSON keys)
// are checked here; the input parser already refused what was known before any call.


/**
 * Joins what secrets and parameters yielded into one set of outputs, or throws an `ActionError`
 * for each name set twice, each name that is one of the action's own outputs, and (with
 * export-env) each variable that is already set.
 */
function combineValues(reads, manifest, options) {
    const outputs = [];
    const problems = [];
    const owners = new Map();
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
        if (reserved.has(key))
            problems.push(new src_errors.ActionError(`The output ${output.name} of ${output.source} is the name of one of the action's own outputs.`, { hint: 'Give it an alias (ALIAS,ID).' }));
        if (options.exportEnv && options.env[output.name] !== undefined)
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
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var dist_cjs = __webpack_require__(4736);
;// CONCATENATED MODULE: ./node_modules/yocto-queue/index.js
/*
How it works:
`this.#head` is an instance of `Node` which keeps track of its current value and nests another instance of `Node` that keeps the value that comes after it. When a value is provided to `.enqueue()`, the code needs to iterate through `this.#head`, going deeper and deeper to find the last value. However, iterating through every single item is slow. This problem is solved by saving a reference to the last value as `this.#tail` so that it can reference it to add a new value.
*/

class Node {
	value;
	next;

	constructor(value) {
		this.value = value;
	}
}

class Queue {
	#head;
	#tail;
	#size;

	constructor() {
		this.clear();
	}

	enqueue(value) {
		const node = new Node(value);

		if (this.#head) {
			this.#tail.next = node;
			this.#tail = node;
		} else {
			this.#head = node;
			this.#tail = node;
		}

		this.#size++;
	}

	dequeue() {
		const current = this.#head;
		if (!current) {
			return;
		}

		this.#head = this.#head.next;
		this.#size--;

		// Clean up tail reference when queue becomes empty
		if (!this.#head) {
			this.#tail = undefined;
		}

		return current.value;
	}

	peek() {
		if (!this.#head) {
			return;
		}

		return this.#head.value;

		// TODO: Node.js 18.
		// return this.#head?.value;
	}

	clear() {
		this.#head = undefined;
		this.#tail = undefined;
		this.#size = 0;
	}

	get size() {
		return this.#size;
	}

	* [Symbol.iterator]() {
		let current = this.#head;

		while (current) {
			yield current.value;
			current = current.next;
		}
	}

	* drain() {
		while (this.#head) {
			yield this.dequeue();
		}
	}
}

;// CONCATENATED MODULE: ./node_modules/p-limit/index.js


function pLimit(concurrency) {
	let rejectOnClear = false;

	if (typeof concurrency === 'object') {
		({concurrency, rejectOnClear = false} = concurrency);
	}

	validateConcurrency(concurrency);

	if (typeof rejectOnClear !== 'boolean') {
		throw new TypeError('Expected `rejectOnClear` to be a boolean');
	}

	const queue = new Queue();
	let activeCount = 0;

	const resumeNext = () => {
		// Process the next queued function if we're under the concurrency limit
		if (activeCount < concurrency && queue.size > 0) {
			activeCount++;
			queue.dequeue().run();
		}
	};

	const next = () => {
		activeCount--;
		resumeNext();
	};

	const run = async (function_, resolve, arguments_) => {
		// Execute the function and capture the result promise
		const result = (async () => function_(...arguments_))();

		// Resolve immediately with the promise (don't wait for completion)
		resolve(result);

		// Wait for the function to complete (success or failure)
		// We catch errors here to prevent unhandled rejections,
		// but the original promise rejection is preserved for the caller
		try {
			await result;
		} catch {}

		// Decrement active count and process next queued function
		next();
	};

	const enqueue = (function_, resolve, reject, arguments_) => {
		const queueItem = {reject};

		// Queue the internal resolve function instead of the run function
		// to preserve the asynchronous execution context.
		new Promise(internalResolve => { // eslint-disable-line promise/param-names
			queueItem.run = internalResolve;
			queue.enqueue(queueItem);
		}).then(run.bind(undefined, function_, resolve, arguments_)); // eslint-disable-line promise/prefer-await-to-then

		// Start processing immediately if we haven't reached the concurrency limit
		if (activeCount < concurrency) {
			resumeNext();
		}
	};

	const generator = (function_, ...arguments_) => new Promise((resolve, reject) => {
		enqueue(function_, resolve, reject, arguments_);
	});

	Object.defineProperties(generator, {
		activeCount: {
			get: () => activeCount,
		},
		pendingCount: {
			get: () => queue.size,
		},
		clearQueue: {
			value() {
				if (!rejectOnClear) {
					queue.clear();
					return;
				}

				const abortError = AbortSignal.abort().reason;

				while (queue.size > 0) {
					queue.dequeue().reject(abortError);
				}
			},
		},
		concurrency: {
			get: () => concurrency,

			set(newConcurrency) {
				validateConcurrency(newConcurrency);
				concurrency = newConcurrency;

				queueMicrotask(() => {
					// eslint-disable-next-line no-unmodified-loop-condition
					while (activeCount < concurrency && queue.size > 0) {
						resumeNext();
					}
				});
			},
		},
		map: {
			async value(iterable, function_) {
				const promises = [];

				try {
					Array.from(iterable, (value, index) => {
						const promise = generator(function_, value, index);
						promises.push(promise);
						return promise;
					});
				} catch (error) {
					// The iterable threw, so `Promise.all` never observes the already scheduled promises. Observe them here to avoid unhandled rejections.
					for (const promise of promises) {
						promise.catch(() => {}); // eslint-disable-line promise/prefer-await-to-then
					}

					throw error;
				}

				return Promise.all(promises);
			},
		},
	});

	return generator;
}

function limitFunction(function_, options) {
	const limit = pLimit(options);

	const limitedFunction = (...arguments_) => limit(() => function_(...arguments_));
	Object.defineProperty(limitedFunction, 'clearQueue', {
		value: limit.clearQueue,
	});

	return limitedFunction;
}

function validateConcurrency(concurrency) {
	if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
		throw new TypeError('Expected `concurrency` to be a number from 1 and up');
	}
}

;// CONCATENATED MODULE: ./src/batches.ts
// Small list helpers shared by the modules that batch their calls.
/** `items` cut into consecutive groups of at most `size`. */
function chunks(items, size) {
    const out = [];
    for (let start = 0; start < items.length; start += size)
        out.push(items.slice(start, start + size));
    return out;
}
/** Orders strings by code unit, the same on every machine (unlike `localeCompare`). */
function byCodeUnit(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/masks.ts
// What to register with the runner so that a secret is hidden wherever it shows up. The runner
// replaces exact matches only: a multi-line value printed line by line, or one field of a JSON
// blob, would slip through if only the whole value were registered.
/**
 * Parts shorter than this are not masked on their own: masking `1`, `true` or `}` would turn every
 * such string in the log into `***`, and a value that short is no secret anyway.
 */
const MIN_MASK_LENGTH = 4;
/**
 * The masks for one secret value: the value itself (whatever its length: it was asked for as a
 * secret) and, when it spans several lines, each trimmed line long enough to be masked alone.
 *
 * The runner registers every line of a multi-line `add-mask` value on its own too. A multi-line
 * value with a short line (a `{` of pretty-printed JSON, a two-letter line) is therefore masked
 * line by line only: registering it whole would mask that short line everywhere in the job's log
 * and summary.
 */
function masksFor(value) {
    if (value === '')
        return { masks: [], shortLines: 0 };
    if (!/[\r\n]/.test(value))
        return { masks: [value], shortLines: 0 };
    const lines = new Set();
    let hasShortLine = false;
    let shortLines = 0;
    for (const line of value.split(/\r?\n|\r/)) {
        const trimmed = line.trim();
        if (trimmed === '')
            continue;
        if (trimmed.length >= MIN_MASK_LENGTH) {
            lines.add(trimmed);
            continue;
        }
        hasShortLine = true;
        // Lines of punctuation alone (`{`, `},`) are layout, not part of the secret.
        if (/[\p{L}\p{N}]/u.test(trimmed))
            shortLines += 1;
    }
    return { masks: hasShortLine ? [...lines] : [value, ...lines], shortLines };
}
/** The masks for one part of a secret (a JSON leaf): none when it is too short to mask alone. */
function partMasks(value) {
    return value.length < MIN_MASK_LENGTH ? undefined : masksFor(value);
}

// EXTERNAL MODULE: ./src/names.ts
var src_names = __webpack_require__(6455);
;// CONCATENATED MODULE: ./src/parameters.ts
// Parameter Store: read the `parameters` lines (names 10 to a GetParameters call, paths with
// GetParametersByPath, every page), and return one output per parameter with the SecureString
// values to mask. Names Parameter Store reports as invalid go through `if-missing`; none is
// dropped without a word.








/** GetParameters takes at most 10 names in one call. */
const NAMES_PER_CALL = 10;
/** GetParametersByPath returns at most 10 parameters a page. */
const PATH_PAGE_SIZE = 10;
/** DescribeParameters (dry run) returns at most 50 a page. */
const DESCRIBE_PAGE_SIZE = 50;
/** Calls in flight at once; Parameter Store's default throughput is 40 calls a second. */
const DEFAULT_CONCURRENCY = 8;
/**
 * Reads every parameter `requests` names. Throws an `ActionError` (or an `AggregateError` of them)
 * for every line that could not be read, after applying `if-missing` to what does not exist.
 */
async function readParameters(requests, deps) {
    const client = deps.clients.ssm(deps.region);
    const limit = pLimit(deps.concurrency ?? DEFAULT_CONCURRENCY);
    const calls = {
        getParameters: 0,
        getParametersByPath: 0,
        describeParameters: 0,
    };
    const problems = [];
    const named = requests.filter((request) => request.kind === 'name');
    // A parameter named by ARN is read in the ARN's region; the rest in the action's.
    const byRegion = new Map();
    for (const { name } of named) {
        const region = arnRegion(name) ?? deps.region;
        byRegion.set(region, (byRegion.get(region) ?? new Set()).add(name));
    }
    const byName = new Map();
    const pathResults = new Map();
    await Promise.all([
        ...[...byRegion].flatMap(([region, names]) => chunks([...names], NAMES_PER_CALL).map((chunk) => limit(async () => {
            calls.getParameters += 1;
            const answer = await deps.clients
                .ssm(region)
                .send(new dist_cjs/* GetParametersCommand */.AFe({ Names: chunk, WithDecryption: true }));
            for (const name of chunk) {
                const parameter = answer.Parameters?.find((candidate) => answers(name, candidate));
                if (parameter !== undefined)
                    byName.set(name, { kind: 'read', parameter });
                else
                    byName.set(name, {
                        kind: 'invalid',
                        reported: answer.InvalidParameters?.includes(name) === true,
                    });
            }
        }).catch((error) => {
            problems.push(callFailure(`Reading ${list(chunk)} with GetParameters`, error));
        }))),
        ...requests
            .filter((request) => request.kind === 'path')
            .map(async (request) => {
            try {
                pathResults.set(request, await readPath(client, request.path, (call) => limit(call), calls));
            }
            catch (error) {
                problems.push(callFailure(`parameters line ${request.line}: reading ${request.path}`, error));
            }
        }),
    ]);
    const outputs = [];
    const masks = [];
    const warnings = [];
    const notes = [];
    const manifest = [];
    const add = (name, parameter, source) => {
        const value = parameter.Value ?? '';
        const secret = parameter.Type === 'SecureString';
        outputs.push({
            name,
            value,
            secret,
            source,
            identity: `${parameter.ARN ?? parameter.Name ?? ''}:${parameter.Version ?? ''}`,
        });
        if (secret) {
            const made = masksFor(value);
            masks.push(...made.masks);
            if (made.shortLines > 0)
                warnings.push(`Parameter ${parameter.Name ?? name}: ${made.shortLines} line(s) of its value are shorter than 4 characters and are not masked on their own.`);
        }
        manifest.push({ alias: name, name: parameter.Name ?? '', version: parameter.Version ?? 0 });
    };
    const missing = (line, what) => {
        const message = `parameters line ${line}: ${what}`;
        if (deps.ifMissing === 'fail')
            problems.push(new src_errors.ActionError(message, {
                hint: 'Check the name, the region and any :version or :label selector, or set if-missing: warn (or ignore) to go on without it.',
            }));
        else if (deps.ifMissing === 'warn')
            warnings.push(`${message}; its output is not set.`);
        else
            notes.push(`${message}; skipped (if-missing: ignore).`);
    };
    for (const request of requests) {
        if (request.kind === 'name') {
            const outcome = byName.get(request.name);
            if (outcome === undefined)
                continue; // its call failed, which is already a problem
            if (outcome.kind === 'invalid') {
                missing(request.line, outcome.reported
                    ? `Parameter Store reports ${request.name} as not found (InvalidParameters)`
                    : `Parameter Store returned neither ${request.name} nor an error for it`);
                continue;
            }
            const name = (0,inputs/* parameterOutputName */.Cf)(request);
            add(name, outcome.parameter, `parameter ${request.name}`);
            notes.push(`parameters line ${request.line}: ${request.name} → ${name}`);
            continue;
        }
        const found = pathResults.get(request);
        if (found === undefined)
            continue;
        if (found.length === 0) {
            missing(request.line, `no parameter was found below ${request.path}`);
            continue;
        }
        const set = [];
        for (const parameter of found) {
            const name = pathOutputName(request, parameter.Name ?? '');
            add(name, parameter, `parameter ${parameter.Name ?? ''}`);
            set.push(name);
        }
        notes.push(`parameters line ${request.line}: ${request.path} → ${set.join(', ')}`);
    }
    if (problems.length > 0)
        throw (0,src_errors.failWith)(problems, warnings);
    notes.push(`Read ${manifest.length} parameter(s) with ${calls.getParameters} GetParameters and ${calls.getParametersByPath} GetParametersByPath call(s).`);
    return { outputs, masks, warnings, notes, manifest, calls: { ...calls } };
}
/**
 * What a dry run says about parameters: each name and the output it would set, and the names
 * below each path (listed with DescribeParameters, which returns no value).
 */
async function describeParameters(requests, deps) {
    const client = deps.clients.ssm(deps.region);
    const lines = [];
    const problems = [];
    for (const request of requests) {
        if (request.kind === 'name') {
            lines.push(`parameters line ${request.line}: would read ${request.name} as ${(0,inputs/* parameterOutputName */.Cf)(request)}`);
            continue;
        }
        try {
            const names = await describePath(client, request.path);
            lines.push(names.length === 0
                ? `parameters line ${request.line}: no parameter is below ${request.path} now`
                : `parameters line ${request.line}: ${request.path} holds ${names.length} parameter(s): ${names.map((name) => `${name} → ${pathOutputName(request, name)}`).join(', ')}`);
        }
        catch (error) {
            problems.push(callFailure(`parameters line ${request.line}: listing the names below ${request.path}`, error));
        }
    }
    if (problems.length > 0)
        throw (0,src_errors.combineErrors)(problems);
    return lines;
}
/** Every parameter below `path`, at any depth, sorted by name. */
async function readPath(client, path, limit, calls) {
    const found = [];
    let token;
    do {
        const page = await limit(() => {
            calls.getParametersByPath += 1;
            return client.send(new dist_cjs/* GetParametersByPathCommand */.o_y({
                Path: hierarchy(path),
                Recursive: true,
                WithDecryption: true,
                MaxResults: PATH_PAGE_SIZE,
                ...(token === undefined ? {} : { NextToken: token }),
            }));
        });
        for (const parameter of page.Parameters ?? [])
            if (parameter.Name?.startsWith(path) === true)
                found.push(parameter);
        // A page may hold fewer than asked for, even none, and still not be the last.
        token = page.NextToken;
    } while (token !== undefined);
    return found.sort((a, b) => byCodeUnit(a.Name ?? '', b.Name ?? ''));
}
async function describePath(client, path) {
    const names = [];
    let token;
    do {
        const page = await client.send(new dist_cjs/* DescribeParametersCommand */.$hz({
            ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: [hierarchy(path)] }],
            MaxResults: DESCRIBE_PAGE_SIZE,
            ...(token === undefined ? {} : { NextToken: token }),
        }));
        for (const parameter of page.Parameters ?? [])
            if (parameter.Name?.startsWith(path) === true)
                names.push(parameter.Name);
        token = page.NextToken;
    } while (token !== undefined);
    return names.sort(byCodeUnit);
}
/** The region of a parameter named by ARN; undefined for a plain name. */
function arnRegion(name) {
    return name.startsWith('arn:') ? name.split(':')[3] : undefined;
}
/** The path as Parameter Store's API spells a hierarchy: without the trailing `/`, except `/`. */
function hierarchy(path) {
    return path === '/' ? path : path.replace(/\/+$/, '');
}
/**
 * Whether a returned parameter answers the name asked for. GetParameters returns its results in
 * alphabetical order, a selector (`:3`, `:label`) apart from the name, and a name asked for by ARN
 * either as that ARN or as the plain name.
 */
function answers(asked, parameter) {
    const selector = parameter.Selector ?? '';
    return [parameter.Name, parameter.ARN].some((form) => form !== undefined && `${form}${selector}` === asked);
}
/** A path's parameter is named after the part of its name below the path, after the alias. */
function pathOutputName(request, parameterName) {
    const rest = (0,src_names/* toOutputName */.US)(parameterName.slice(request.path.length));
    return request.alias === undefined ? rest : `${request.alias}_${rest}`;
}
function callFailure(what, error) {
    const { code, message } = (0,aws_errors/* awsErrorFacts */.ZR)(error);
    const kms = code === 'InvalidKeyId' || /\bkms\b|decrypt/i.test(message);
    return new src_errors.ActionError(`${what} failed: ${(0,aws_errors/* describeAwsError */.Pp)(error)}`, {
        hint: kms
            ? 'A SecureString could not be decrypted: the role needs kms:Decrypt on the key that encrypts it.'
            : (0,aws_errors/* isAccessDenied */.w7)(code)
                ? 'The role needs ssm:GetParameters on each parameter named, ssm:GetParametersByPath on each path, and kms:Decrypt on the keys of SecureString parameters encrypted with a customer managed key.'
                : (0,aws_errors/* retryHint */.IR)(error),
        cause: error,
    });
}
function list(names) {
    return names.length <= 3
        ? names.join(', ')
        : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var client_secrets_manager_dist_cjs = __webpack_require__(2994);
;// CONCATENATED MODULE: ./src/secrets.ts
// Secrets Manager: resolve every `secret-ids` line to the secrets it names, read them in as few
// calls as the API allows (BatchGetSecretValue, 20 ids a call, calls in parallel), split JSON
// values into one output per leaf, and return the outputs with every string to mask. Nothing here
// prints: the caller masks before anything is shown.
//
// Compatible with aws-actions/aws-secretsmanager-get-secrets for what both accept: output names
// (upper-cased, other characters `_`, a leading digit prefixed with `_`), an ARN's output named
// after the secret's name, JSON keys appended with `_` at every level, arrays and non-string
// leaves as JSON text, and a blank alias (`,SECRET_ID`) naming a JSON secret's outputs by its keys
// alone. Deliberate differences: a binary secret is output as base64 (not decoded to text, which
// would garble it); an alias on a prefix prefixes the name of each matched secret below the prefix
// (`APP,prod/app/*` gives `APP_DB` for `prod/app/db`) instead of requiring a single match; with
// parse-json-secrets the whole JSON value is an output too; a prefix has no 100-secret limit.







/** BatchGetSecretValue takes at most 20 ids in one call. */
const BATCH_SIZE = 20;
/** ListSecrets returns at most 100 secrets a page. */
const LIST_PAGE_SIZE = 100;
/**
 * Calls in flight at once: 200 secrets in one round trip, yet a bounded burst (throttling beyond
 * that is the SDK's adaptive retry mode's to absorb).
 */
const secrets_DEFAULT_CONCURRENCY = 10;
/**
 * Reads every secret `config` names. Throws an `ActionError` (or an `AggregateError` of them) for
 * every secret that could not be read, after applying `if-missing` to those that do not exist.
 */
async function readSecrets(config, deps) {
    const session = new Session(deps);
    const problems = [];
    const warnings = [];
    const notes = [];
    const resolved = await Promise.all(config.requests.map(async (request) => ({
        request,
        targets: await session.resolve(request, problems),
    })));
    const shared = shareIds(resolved.flatMap(({ targets }) => targets ?? []));
    const outcomes = await session.read(shared, problems);
    const outputs = [];
    const masks = [];
    const manifest = [];
    for (const { request, targets } of resolved) {
        if (targets === undefined)
            continue; // listing failed, which is already a problem
        if (targets.length === 0 && request.source.kind === 'prefix') {
            const what = `prefix ${request.source.prefix}* matched no secret`;
            missing(deps.ifMissing, request, what, problems, warnings, notes);
            continue;
        }
        for (const target of targets) {
            const outcome = outcomes.get(outcomeKey(shared.get(target) ?? target));
            if (outcome === undefined)
                continue; // its whole call failed, which is already a problem
            if (outcome.kind === 'failed') {
                secretFailure(deps.ifMissing, target, outcome, problems, warnings, notes);
                continue;
            }
            const made = secretOutputs(target, outcome.record, config.parseJson);
            if (made instanceof src_errors.ActionError) {
                problems.push(made);
                continue;
            }
            outputs.push(...made.outputs);
            masks.push(...made.masks);
            warnings.push(...made.warnings);
            manifest.push(made.manifest);
            notes.push(`${where(request)}: ${outcome.record.name} → ${made.outputs.map((output) => output.name).join(', ')}`);
        }
    }
    if (problems.length > 0)
        throw (0,src_errors.failWith)(problems, warnings);
    const { listSecrets, batchGetSecretValue, getSecretValue } = session.calls;
    notes.push(`Read ${manifest.length} secret(s) with ${batchGetSecretValue} BatchGetSecretValue, ${getSecretValue} GetSecretValue and ${listSecrets} ListSecrets call(s).`);
    return { outputs, masks, warnings, notes, manifest, calls: { ...session.calls } };
}
/**
 * What a dry run says about secrets: what each line would read and as which output. Prefixes are
 * resolved with ListSecrets (names only); no secret value is read.
 */
async function describeSecrets(config, deps) {
    const session = new Session(deps);
    const problems = [];
    const lines = await Promise.all(config.requests.map(async (request) => {
        const { source, version } = request;
        const pin = version === undefined
            ? ''
            : ` (version ${version.kind === 'id' ? version.versionId : version.versionStage})`;
        if (source.kind === 'arn')
            return `${where(request)}: would read ${source.arn}${pin} in ${source.region} as ${request.alias || 'an output named after the secret'}`;
        if (source.kind === 'name')
            return `${where(request)}: would read ${source.name}${pin} as ${request.alias || (0,src_names/* toOutputName */.US)(source.name)}`;
        const targets = await session.resolve(request, problems);
        if (targets === undefined)
            return undefined;
        if (targets.length === 0)
            return `${where(request)}: prefix ${source.prefix}* matches no secret now`;
        const names = targets.map((target) => `${target.label} → ${prefixOutputName(request, target.label)}`);
        return `${where(request)}: prefix ${source.prefix}* matches ${targets.length} secret(s): ${names.join(', ')}`;
    }));
    if (problems.length > 0)
        throw (0,src_errors.combineErrors)(problems);
    return lines.filter((line) => line !== undefined);
}
/** The calls of one read: clients per region, one limit on calls in flight, and their count. */
class Session {
    deps;
    calls = { listSecrets: 0, batchGetSecretValue: 0, getSecretValue: 0 };
    limit;
    constructor(deps) {
        this.deps = deps;
        this.limit = pLimit(deps.concurrency ?? secrets_DEFAULT_CONCURRENCY);
    }
    client(region) {
        return this.deps.clients.secretsManager(region);
    }
    /**
     * The secrets one line names; a prefix is listed (every page) and filtered exactly. Undefined
     * when listing failed, which is recorded in `problems`.
     */
    async resolve(request, problems) {
        const { source } = request;
        const region = source.kind === 'arn' ? source.region : this.deps.region;
        if (source.kind === 'name')
            return [{ request, region, id: source.name, label: source.name }];
        if (source.kind === 'arn')
            return [{ request, region, id: source.arn, label: source.arn }];
        try {
            const listed = await this.list(source.prefix);
            return listed.map(({ name, arn }) => ({ request, region, id: arn, label: name }));
        }
        catch (error) {
            problems.push(new src_errors.ActionError(`${where(request)}: listing the secrets whose names start with ${source.prefix} failed: ${(0,aws_errors/* describeAwsError */.Pp)(error)}`, {
                hint: (0,aws_errors/* isAccessDenied */.w7)((0,aws_errors/* awsErrorFacts */.ZR)(error).code)
                    ? 'A prefix is resolved with ListSecrets: the role needs secretsmanager:ListSecrets (on "*").'
                    : (0,aws_errors/* retryHint */.IR)(error),
                cause: error,
            }));
            return undefined;
        }
    }
    /** Every secret whose name starts with `prefix`, sorted by name. */
    async list(prefix) {
        const client = this.client(this.deps.region);
        const found = [];
        let token;
        do {
            const page = await this.limit(() => {
                this.calls.listSecrets += 1;
                return client.send(new client_secrets_manager_dist_cjs/* ListSecretsCommand */.j({
                    Filters: [{ Key: 'name', Values: [prefix] }],
                    MaxResults: LIST_PAGE_SIZE,
                    ...(token === undefined ? {} : { NextToken: token }),
                }));
            });
            // The name filter also matches later words of a name; only a true prefix counts.
            for (const entry of page.SecretList ?? [])
                if (entry.Name?.startsWith(prefix) === true && entry.ARN !== undefined)
                    found.push({ name: entry.Name, arn: entry.ARN });
            token = page.NextToken;
        } while (token !== undefined);
        const byArn = new Map(found.map((entry) => [entry.arn, entry]));
        return [...byArn.values()].sort((a, b) => byCodeUnit(a.name, b.name));
    }
    /**
     * Reads every target: pinned versions one by one with GetSecretValue, the rest 20 ids to a
     * BatchGetSecretValue call, all calls in parallel within the limit.
     */
    async read(shared, problems) {
        const outcomes = new Map();
        const batches = new Map();
        const pinned = new Map();
        for (const target of new Set(shared.values())) {
            if (target.request.version !== undefined)
                pinned.set(outcomeKey(target), target);
            else {
                const ids = batches.get(target.region) ?? new Set();
                ids.add(target.id);
                batches.set(target.region, ids);
            }
        }
        const work = [];
        for (const [region, ids] of batches)
            for (const chunk of chunks([...ids], BATCH_SIZE))
                work.push(this.limit(() => this.batch(region, chunk)).then((read) => {
                    for (const [id, outcome] of read)
                        outcomes.set(outcomeKey({ region, id }), outcome);
                }, (error) => {
                    problems.push(batchFailure(region, chunk, error));
                }));
        for (const [key, target] of pinned)
            work.push(this.limit(() => this.getPinned(target)).then((outcome) => {
                outcomes.set(key, outcome);
            }));
        await Promise.all(work);
        return outcomes;
    }
    /** One BatchGetSecretValue call (and its further pages, should there be any). */
    async batch(region, ids) {
        const client = this.client(region);
        const read = new Map();
        let token;
        do {
            this.calls.batchGetSecretValue += 1;
            const page = await client.send(new client_secrets_manager_dist_cjs/* BatchGetSecretValueCommand */.Nr({
                SecretIdList: [...ids],
                ...(token === undefined ? {} : { NextToken: token }),
            }));
            for (const entry of page.SecretValues ?? [])
                for (const id of ids.filter((candidate) => secrets_answers(candidate, entry)))
                    read.set(id, { kind: 'read', record: toRecord(entry, id) });
            for (const error of page.Errors ?? [])
                if (error.SecretId !== undefined && !read.has(error.SecretId))
                    read.set(error.SecretId, {
                        kind: 'failed',
                        code: error.ErrorCode ?? 'UnknownError',
                        message: error.Message ?? '',
                    });
            token = page.NextToken;
        } while (token !== undefined);
        for (const id of ids)
            if (!read.has(id))
                read.set(id, {
                    kind: 'failed',
                    code: 'NoAnswer',
                    message: 'Secrets Manager returned neither its value nor an error for it',
                });
        return read;
    }
    async getPinned(target) {
        const { version } = target.request;
        this.calls.getSecretValue += 1;
        try {
            const answer = await this.client(target.region).send(new client_secrets_manager_dist_cjs/* GetSecretValueCommand */.d2({
                SecretId: target.id,
                ...(version?.kind === 'id' ? { VersionId: version.versionId } : {}),
                ...(version?.kind === 'stage' ? { VersionStage: version.versionStage } : {}),
            }));
            return { kind: 'read', record: toRecord(answer, target.id) };
        }
        catch (error) {
            const { code, message } = (0,aws_errors/* awsErrorFacts */.ZR)(error);
            return { kind: 'failed', code, message, cause: error };
        }
    }
}
/**
 * Secrets reached twice (by name and through a prefix, or by two prefixes) are read once: each
 * target maps to the target whose id is sent.
 */
function shareIds(targets) {
    const direct = new Map();
    for (const target of targets)
        if (target.request.source.kind !== 'prefix')
            direct.set(outcomeKey(target), target);
    const shared = new Map();
    for (const target of targets) {
        const byName = target.request.source.kind === 'prefix'
            ? direct.get(outcomeKey({ ...target, id: target.label }))
            : undefined;
        shared.set(target, direct.get(outcomeKey(target)) ?? byName ?? target);
    }
    return shared;
}
/** Identifies one read: a secret id in a region, at a pinned version or the current one. */
function outcomeKey(target) {
    const version = target.request?.version;
    const pin = version === undefined
        ? ''
        : version.kind === 'id'
            ? version.versionId
            : `@${version.versionStage}`;
    return `${target.region}\n${target.id}\n${pin}`;
}
/** Whether a batch entry is the answer for `id`: a name, a full ARN, or an ARN without its suffix. */
function secrets_answers(id, entry) {
    if (id === entry.Name || id === entry.ARN)
        return true;
    // A partial ARN leaves out the six random characters Secrets Manager appends.
    return (id.startsWith('arn:') &&
        entry.ARN?.startsWith(`${id}-`) === true &&
        entry.ARN.length === id.length + 7);
}
function toRecord(entry, id) {
    const value = entry.SecretString !== undefined
        ? { kind: 'string', text: entry.SecretString }
        : entry.SecretBinary !== undefined
            ? { kind: 'binary', text: Buffer.from(entry.SecretBinary).toString('base64') }
            : { kind: 'string', text: '' };
    return {
        name: entry.Name ?? id,
        arn: entry.ARN ?? id,
        versionId: entry.VersionId ?? '',
        value,
    };
}
function where(request) {
    return `secret-ids line ${request.line}`;
}
function batchFailure(region, ids, error) {
    const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, and ${ids.length - 5} more` : '');
    const { code } = (0,aws_errors/* awsErrorFacts */.ZR)(error);
    return new src_errors.ActionError(`Reading ${ids.length} secret(s) in ${region} with BatchGetSecretValue failed (${shown}): ${(0,aws_errors/* describeAwsError */.Pp)(error)}`, {
        hint: (0,aws_errors/* isAccessDenied */.w7)(code)
            ? 'The role needs secretsmanager:BatchGetSecretValue (on "*") as well as secretsmanager:GetSecretValue on each secret.'
            : (0,aws_errors/* retryHint */.IR)(error),
        cause: error,
    });
}
/** Reports a secret that could not be read: by name and error code, never with a value. */
function secretFailure(ifMissing, target, failure, problems, warnings, notes) {
    const what = target.label;
    const said = failure.message ? ` (${failure.message})` : '';
    if (failure.code === 'ResourceNotFoundException') {
        missing(ifMissing, target.request, `secret ${what} was not found: ${failure.code}${said}`, problems, warnings, notes);
        return;
    }
    const hint = (0,aws_errors/* isAccessDenied */.w7)(failure.code)
        ? `The role may not read this secret: it needs secretsmanager:GetSecretValue on it (and kms:Decrypt on its key if it is encrypted with a customer managed key). if-missing does not apply to access denied.`
        : failure.code === 'DecryptionFailure'
            ? 'Secrets Manager could not decrypt the secret with its KMS key: the role needs kms:Decrypt on that key, and the key must be enabled and its policy must allow the role.'
            : failure.code === 'InvalidRequestException'
                ? 'Secrets Manager answers this for a secret scheduled for deletion: restore it, or remove it from secret-ids.'
                : failure.cause === undefined
                    ? undefined
                    : (0,aws_errors/* retryHint */.IR)(failure.cause);
    problems.push(new src_errors.ActionError(`${where(target.request)}: secret ${what} could not be read: ${failure.code}${said}`, {
        ...(hint === undefined ? {} : { hint }),
        ...(failure.cause === undefined ? {} : { cause: failure.cause }),
    }));
}
/** Applies `if-missing` to something that does not exist. */
function missing(ifMissing, request, what, problems, warnings, notes) {
    const message = `${where(request)}: ${what}`;
    if (ifMissing === 'fail')
        problems.push(new src_errors.ActionError(message, {
            hint: 'Check the name and the region, or set if-missing: warn (or ignore) to go on without it.',
        }));
    else if (ifMissing === 'warn')
        warnings.push(`${message}; its outputs are not set.`);
    else
        notes.push(`${message}; skipped (if-missing: ignore).`);
}
/** The outputs of one secret: its whole value, and with parse-json-secrets one per JSON leaf. */
function secretOutputs(target, record, parseJson) {
    const { request } = target;
    const name = outputName(request, record);
    const source = `secret ${record.name}`;
    const whole = masksFor(record.value.text);
    const outputs = [
        { name, value: record.value.text, secret: true, source, identity: record.arn },
    ];
    const masks = [...whole.masks];
    const warnings = [];
    const unmaskedKeys = [];
    let shortLines = whole.shortLines;
    const parsed = parseJson && record.value.kind === 'string' ? jsonObject(record.value.text) : undefined;
    if (parsed !== undefined) {
        // A blank alias (`,SECRET_ID`) names the outputs by the keys alone.
        const prefix = request.alias === '' ? '' : name;
        for (const leaf of jsonLeaves(parsed, prefix, [])) {
            const keyPath = leaf.path.join('.');
            if (leaf.name === '')
                return new src_errors.ActionError(`${where(request)}: the JSON key ${JSON.stringify(keyPath)} of secret ${record.name} gives no output name.`, { hint: 'Give the secret an alias, or read it without parse-json-secrets.' });
            outputs.push({
                name: leaf.name,
                value: leaf.text,
                secret: true,
                source: `key ${JSON.stringify(keyPath)} of ${source}`,
                identity: `${record.arn}#${keyPath}`,
            });
            // `true`, `false` and `null` can hide nothing, and masking them would garble every log.
            if (leaf.literal)
                continue;
            const parts = partMasks(leaf.text);
            if (parts === undefined) {
                if (leaf.text !== '')
                    unmaskedKeys.push(keyPath);
            }
            else {
                masks.push(...parts.masks);
                shortLines += parts.shortLines;
            }
        }
    }
    if (unmaskedKeys.length > 0)
        warnings.push(`Secret ${record.name}: the values of the JSON keys ${unmaskedKeys.join(', ')} are shorter than 4 characters and are not masked on their own.`);
    if (shortLines > 0)
        warnings.push(`Secret ${record.name}: ${shortLines} line(s) of its value are shorter than 4 characters and are not masked on their own.`);
    return {
        outputs,
        masks,
        warnings,
        manifest: { alias: name, name: record.name, arn: record.arn, versionId: record.versionId },
    };
}
/** The output name of a secret's whole value. */
function outputName(request, record) {
    const { source } = request;
    if (source.kind === 'prefix')
        return prefixOutputName(request, record.name);
    if (request.alias !== undefined && request.alias !== '')
        return request.alias;
    // By name, the name as written (as aws-secretsmanager-get-secrets does); by ARN, the name
    // Secrets Manager returns, without the ARN's random suffix.
    return (0,src_names/* toOutputName */.US)(source.kind === 'name' ? source.name : record.name);
}
/** A prefix's secret: named after its whole name, or with an alias, after the part below it. */
function prefixOutputName(request, secretName) {
    const { source, alias } = request;
    if (source.kind !== 'prefix' || alias === undefined || alias === '')
        return (0,src_names/* toOutputName */.US)(secretName);
    const rest = secretName.slice(source.prefix.length).replace(/^[^A-Za-z0-9]+/, '');
    return rest === '' ? alias : `${alias}_${(0,src_names/* toOutputName */.US)(rest)}`;
}
function jsonObject(text) {
    try {
        const value = JSON.parse(text);
        return isObject(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Every leaf of a JSON object: nested objects are descended into, anything else is a leaf. */
function jsonLeaves(object, prefix, path) {
    return Object.entries(object).flatMap(([key, value]) => {
        const name = prefix === '' ? (0,src_names/* toOutputName */.US)(key) : `${prefix}_${(0,src_names/* toOutputName */.US)(key)}`;
        const at = [...path, key];
        if (isObject(value))
            return jsonLeaves(value, name, at);
        return [
            {
                name,
                path: at,
                text: typeof value === 'string' ? value : JSON.stringify(value),
                literal: value === null || typeof value === 'boolean',
            },
        ];
    });
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
;// CONCATENATED MODULE: ./src/versioning.ts
// S3: make sure every bucket in `versioned-buckets` keeps every version of its objects. A bucket
// whose versioning is Enabled is left alone; one never versioned or Suspended is enabled. MFA
// delete is never touched: where it is on, changing versioning needs the root account's MFA
// device, so such a bucket is explained rather than changed.





/** Buckets handled at once. */
const versioning_DEFAULT_CONCURRENCY = 10;
/** Each bucket's result, in the order given; a failure of one does not stop the others. */
async function ensureVersioning(buckets, deps) {
    const limit = pLimit(deps.concurrency ?? versioning_DEFAULT_CONCURRENCY);
    return Promise.all(buckets.map((bucket) => limit(() => ensureOne(bucket, deps)).catch((error) => ({
        kind: 'failed',
        bucket,
        error: error instanceof src_errors.ActionError ? error : bucketFailure(bucket, 'handling', error),
    }))));
}
async function ensureOne(bucket, deps) {
    const { client, region, state, mfaDelete } = await readState(bucket, deps);
    const result = { kind: 'ok', bucket, before: state, region };
    if (state === 'Enabled')
        return { ...result, after: state, changed: false, wouldEnable: false };
    if (mfaDelete)
        throw new src_errors.ActionError(`Bucket ${bucket}: versioning is ${state} and MFA delete is enabled, so versioning can only be changed with the bucket owner's root credentials and MFA device; ssm-deploy leaves it alone.`, {
            hint: `Have the account's root user run: aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "SERIAL CODE"`,
        });
    if (deps.dryRun)
        return { ...result, after: state, changed: false, wouldEnable: true };
    try {
        // MFADelete is left out of the configuration, which leaves it as it is.
        await client.send(new client_s3_dist_cjs/* PutBucketVersioningCommand */.XjQ({
            Bucket: bucket,
            VersioningConfiguration: { Status: 'Enabled' },
        }));
    }
    catch (error) {
        throw bucketFailure(bucket, 'enabling versioning', error);
    }
    return { ...result, after: 'Enabled', changed: true, wouldEnable: false };
}
/**
 * GetBucketVersioning in the action's region, and once more in the bucket's own region when S3
 * answers that the bucket lives elsewhere (a redirect naming its region).
 */
async function readState(bucket, deps) {
    const read = async (region) => {
        const client = deps.clients.s3(region ?? deps.region);
        const answer = await client.send(new client_s3_dist_cjs/* GetBucketVersioningCommand */._rj({ Bucket: bucket }));
        return {
            client,
            region,
            state: answer.Status === 'Enabled' || answer.Status === 'Suspended'
                ? answer.Status
                : 'Unversioned',
            mfaDelete: answer.MFADelete === 'Enabled',
        };
    };
    try {
        return await read(undefined);
    }
    catch (error) {
        const elsewhere = redirectRegion(error);
        if (elsewhere === undefined || elsewhere === deps.region) {
            if (isRedirect(error))
                throw new src_errors.ActionError(`Bucket ${bucket} is not in ${deps.region}, and S3 did not say which region it is in.`, {
                    hint: "Set aws-region to the bucket's region, or use a separate step for buckets in other regions.",
                    cause: error,
                });
            throw bucketFailure(bucket, 'reading the versioning state', error);
        }
        try {
            return await read(elsewhere);
        }
        catch (retried) {
            throw bucketFailure(bucket, `reading the versioning state in ${elsewhere}`, retried);
        }
    }
}
const REDIRECT_CODES = new Set([
    'PermanentRedirect',
    'AuthorizationHeaderMalformed',
    'IllegalLocationConstraintException',
]);
function isRedirect(error) {
    const { code, status } = (0,aws_errors/* awsErrorFacts */.ZR)(error);
    return status === 301 || REDIRECT_CODES.has(code);
}
/** The region S3 names in a wrong-region answer: the x-amz-bucket-region header, or the body. */
function redirectRegion(error) {
    if (!isRedirect(error) || typeof error !== 'object' || error === null)
        return undefined;
    const response = error
        .$response;
    const header = response?.headers?.['x-amz-bucket-region'];
    const body = error.Region;
    const region = header ?? (typeof body === 'string' ? body : undefined);
    return region !== undefined && src_names/* REGION */.Zg.test(region) ? region : undefined;
}
function bucketFailure(bucket, doing, error) {
    const { code, status } = (0,aws_errors/* awsErrorFacts */.ZR)(error);
    if (code === 'NoSuchBucket' || status === 404)
        return new src_errors.ActionError(`Bucket ${bucket} does not exist (${(0,aws_errors/* describeAwsError */.Pp)(error)}).`, {
            hint: 'Check its name in versioned-buckets (bucket names are global), and that the bucket has been created.',
            cause: error,
        });
    if ((0,aws_errors/* isAccessDenied */.w7)(code) || status === 403)
        return new src_errors.ActionError(`Bucket ${bucket}: access denied while ${doing} (${(0,aws_errors/* describeAwsError */.Pp)(error)}).`, {
            hint: `The role needs s3:GetBucketVersioning and s3:PutBucketVersioning on arn:aws:s3:::${bucket}. If the bucket belongs to another account, its bucket policy must allow the role too.`,
            cause: error,
        });
    return new src_errors.ActionError(`Bucket ${bucket}: ${doing} failed: ${(0,aws_errors/* describeAwsError */.Pp)(error)}`, {
        hint: (0,aws_errors/* retryHint */.IR)(error),
        cause: error,
    });
}

;// CONCATENATED MODULE: ./src/before-deploy.ts
// Phases 1 and 2, run concurrently: secrets and parameters into outputs, and versioned buckets.
// Returns plain data; main.ts has src/report/ mask and show it, then hands `secretValues` to the
// deploy.






async function runBeforeDeploy(config, deps) {
    const { clients } = deps;
    const secretsDeps = { clients, region: config.region, ifMissing: config.ifMissing };
    const parametersDeps = { clients, region: config.region, ifMissing: config.ifMissing };
    const buckets = config.versionedBuckets === undefined
        ? undefined
        : ensureVersioning(config.versionedBuckets, {
            clients,
            region: config.region,
            dryRun: config.dryRun,
        });
    if (config.dryRun) {
        const [secrets, parameters, bucketResults] = await Promise.allSettled([
            config.secrets === undefined ? [] : describeSecrets(config.secrets, secretsDeps),
            config.parameters === undefined ? [] : describeParameters(config.parameters, parametersDeps),
            buckets,
        ]);
        return {
            secretValues: new Set(),
            values: undefined,
            warnings: [],
            buckets: settled(bucketResults),
            dryRun: [...(settled(secrets) ?? []), ...(settled(parameters) ?? [])],
            failure: failureOf([secrets, parameters, bucketResults], settled(bucketResults)),
        };
    }
    const [secrets, parameters, bucketResults] = await Promise.allSettled([
        config.secrets === undefined ? undefined : readSecrets(config.secrets, secretsDeps),
        config.parameters === undefined ? undefined : readParameters(config.parameters, parametersDeps),
        buckets,
    ]);
    const read = [settled(secrets), settled(parameters)];
    let values;
    let combineFailure;
    const asked = config.secrets !== undefined || config.parameters !== undefined;
    if (asked && secrets.status === 'fulfilled' && parameters.status === 'fulfilled') {
        try {
            values = combineValues(read.filter((part) => part !== undefined), {
                secrets: secrets.value?.manifest,
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
        dryRun: undefined,
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


/***/ })

};

//# sourceMappingURL=976.index.js.map