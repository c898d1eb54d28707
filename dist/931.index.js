export const id = 931;
export const ids = [931];
export const modules = {

/***/ 9423:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ chunks),
/* harmony export */   X: () => (/* binding */ byCodeUnit)
/* harmony export */ });
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


/***/ }),

/***/ 5378:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $F: () => (/* binding */ partMasks),
/* harmony export */   $p: () => (/* binding */ redactor),
/* harmony export */   RM: () => (/* binding */ masksFor),
/* harmony export */   nV: () => (/* binding */ MIN_MASK_LENGTH),
/* harmony export */   v5: () => (/* binding */ MASK)
/* harmony export */ });
// What to register with the runner so that a secret is hidden wherever it shows up. The runner
// replaces exact matches only: a multi-line value printed line by line, or one field of a JSON
// blob, would slip through if only the whole value were registered.
/**
 * Parts shorter than this are not masked on their own: masking `1`, `true` or `}` would turn every
 * such string in the log into `***`, and a value that short is no secret anyway.
 */
const MIN_MASK_LENGTH = 4;
/** What the runner shows in place of a masked value, and what the action's own copies show. */
const MASK = '***';
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
/** What the SSM agent writes where it cut a stream (the ListCommandInvocations summary). */
const CUT_MARKERS = ['\n---Output truncated---', '\n---Error truncated----'];
function redactor(values) {
    // Longest first: a whole value goes before the lines it is made of.
    const secrets = [...new Set(values)]
        .filter((value) => value !== '')
        .sort((a, b) => b.length - a.length);
    if (secrets.length === 0)
        return (text) => text;
    return (text, cutAtEnd) => {
        let whole = text;
        for (const secret of secrets)
            whole = whole.split(secret).join(MASK);
        let out = '';
        let rest = whole;
        for (let at = nextMarker(rest); at !== undefined; at = nextMarker(rest)) {
            out += withoutStartAtEnd(rest.slice(0, at.index), secrets) + at.marker;
            rest = rest.slice(at.index + at.marker.length);
        }
        return out + (cutAtEnd ? withoutStartAtEnd(rest, secrets) : rest);
    };
}
function nextMarker(text) {
    let found;
    for (const marker of CUT_MARKERS) {
        const index = text.indexOf(marker);
        if (index >= 0 && (found === undefined || index < found.index))
            found = { index, marker };
    }
    return found;
}
/** `text` with the longest start of a secret that it ends with replaced by the mask. */
function withoutStartAtEnd(text, secrets) {
    let cut = text.length;
    for (const secret of secrets) {
        const first = secret[0] ?? '';
        // Only a proper start: a whole value was replaced already.
        for (let at = Math.max(0, text.length - secret.length + 1); at < cut; at++)
            if (text[at] === first && secret.startsWith(text.slice(at))) {
                cut = at;
                break;
            }
    }
    return cut === text.length ? text : `${text.slice(0, cut)}${MASK}`;
}


/***/ }),

/***/ 1931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_CONCURRENCY: () => (/* binding */ DEFAULT_CONCURRENCY),
/* harmony export */   NAMES_PER_CALL: () => (/* binding */ NAMES_PER_CALL),
/* harmony export */   PATH_PAGE_SIZE: () => (/* binding */ PATH_PAGE_SIZE),
/* harmony export */   pathOutputName: () => (/* binding */ pathOutputName),
/* harmony export */   readParameters: () => (/* binding */ readParameters)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4736);
/* harmony import */ var p_limit__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(370);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5148);
/* harmony import */ var _batches_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9423);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2918);
/* harmony import */ var _masks_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5378);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6455);
// Parameter Store: read the `parameters` lines (names 10 to a GetParameters call, paths with
// GetParametersByPath, every page), and return one output per parameter with the SecureString
// values to mask. Names Parameter Store reports as invalid go through `if-missing`; none is
// dropped without a word.








/** GetParameters takes at most 10 names in one call. */
const NAMES_PER_CALL = 10;
/** GetParametersByPath returns at most 10 parameters a page. */
const PATH_PAGE_SIZE = 10;
/** Calls in flight at once; Parameter Store's default throughput is 40 calls a second. */
const DEFAULT_CONCURRENCY = 8;
/**
 * Reads every parameter `requests` names. Throws an `ActionError` (or an `AggregateError` of them)
 * for every line that could not be read, after applying `if-missing` to what does not exist.
 */
async function readParameters(requests, deps) {
    const client = deps.clients.ssm(deps.region);
    const limit = (0,p_limit__WEBPACK_IMPORTED_MODULE_3__/* ["default"] */ .A)(deps.concurrency ?? DEFAULT_CONCURRENCY);
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
        ...[...byRegion].flatMap(([region, names]) => (0,_batches_js__WEBPACK_IMPORTED_MODULE_4__/* .chunks */ .V)([...names], NAMES_PER_CALL).map((chunk) => limit(async () => {
            calls.getParameters += 1;
            const answer = await deps.clients
                .ssm(region)
                .send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__.GetParametersCommand({ Names: chunk, WithDecryption: true }));
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
    const add = (name, parameter, source, namedBy) => {
        const value = parameter.Value ?? '';
        const secret = parameter.Type === 'SecureString';
        outputs.push({
            name,
            value,
            secret,
            source,
            identity: `${parameter.ARN ?? parameter.Name ?? ''}:${parameter.Version ?? ''}`,
            namedBy,
        });
        if (secret) {
            const made = (0,_masks_js__WEBPACK_IMPORTED_MODULE_6__/* .masksFor */ .RM)(value);
            masks.push(...made.masks);
            if (made.shortLines > 0)
                warnings.push(`Parameter ${parameter.Name ?? name}: ${made.shortLines} line(s) of its value are shorter than 4 characters and are not masked on their own.`);
        }
        manifest.push({ alias: name, name: parameter.Name ?? '', version: parameter.Version ?? 0 });
    };
    const missing = (line, what) => {
        const message = `parameters line ${line}: ${what}`;
        if (deps.ifMissing === 'fail')
            problems.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(message, {
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
            const name = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .parameterOutputName */ .Cf)(request);
            add(name, outcome.parameter, `parameter ${request.name}`, 'user');
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
            add(name, parameter, `parameter ${parameter.Name ?? ''}`, 'data');
            set.push(name);
        }
        notes.push(`parameters line ${request.line}: ${request.path} → ${set.join(', ')}`);
    }
    if (problems.length > 0)
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.failWith)(problems, warnings);
    notes.push(`Read ${manifest.length} parameter(s) with ${calls.getParameters} GetParameters and ${calls.getParametersByPath} GetParametersByPath call(s).`);
    return { outputs, masks, warnings, notes, manifest, calls: { ...calls } };
}
/** Every parameter below `path`, at any depth, sorted by name. */
async function readPath(client, path, limit, calls) {
    const found = [];
    let token;
    do {
        const page = await limit(() => {
            calls.getParametersByPath += 1;
            return client.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__.GetParametersByPathCommand({
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
    return found.sort((a, b) => (0,_batches_js__WEBPACK_IMPORTED_MODULE_4__/* .byCodeUnit */ .X)(a.Name ?? '', b.Name ?? ''));
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
    const rest = (0,_names_js__WEBPACK_IMPORTED_MODULE_7__/* .toOutputName */ .US)(parameterName.slice(request.path.length));
    return request.alias === undefined ? rest : `${request.alias}_${rest}`;
}
function callFailure(what, error) {
    const { code, message } = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorFacts */ .ZR)(error);
    const kms = code === 'InvalidKeyId' || /\bkms\b|decrypt/i.test(message);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`${what} failed: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(error)}`, {
        hint: kms
            ? 'A SecureString could not be decrypted: the role needs kms:Decrypt on the key that encrypts it.'
            : (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)(code)
                ? 'The role needs ssm:GetParameters on each parameter named, ssm:GetParametersByPath on each path, and kms:Decrypt on the keys of SecureString parameters encrypted with a customer managed key.'
                : (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .retryHint */ .IR)(error),
        cause: error,
    });
}
function list(names) {
    return names.length <= 3
        ? names.join(', ')
        : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}


/***/ }),

/***/ 370:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  A: () => (/* binding */ pLimit)
});

// UNUSED EXPORTS: limitFunction

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


/***/ })

};

//# sourceMappingURL=931.index.js.map