export const id = 331;
export const ids = [331];
export const modules = {

/***/ 331:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_CONCURRENCY: () => (/* binding */ DEFAULT_CONCURRENCY),
/* harmony export */   ensureVersioning: () => (/* binding */ ensureVersioning)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3711);
/* harmony import */ var p_limit__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(370);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5148);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6455);
// S3: make sure every bucket in `versioned-buckets` keeps every version of its objects. A bucket
// whose versioning is Enabled is left alone; one never versioned or Suspended is enabled. MFA
// delete is never touched: where it is on, changing versioning needs the root account's MFA
// device, so such a bucket is explained rather than changed.





/** Buckets handled at once. */
const DEFAULT_CONCURRENCY = 10;
/** Each bucket's result, in the order given; a failure of one does not stop the others. */
async function ensureVersioning(buckets, deps) {
    const limit = (0,p_limit__WEBPACK_IMPORTED_MODULE_2__/* ["default"] */ .A)(deps.concurrency ?? DEFAULT_CONCURRENCY);
    return Promise.all(buckets.map((bucket) => limit(() => ensureOne(bucket, deps)).catch((error) => ({
        kind: 'failed',
        bucket,
        error: error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError ? error : bucketFailure(bucket, 'handling', error),
    }))));
}
async function ensureOne(bucket, deps) {
    const { client, region, state, mfaDelete } = await readState(bucket, deps);
    const result = { kind: 'ok', bucket, before: state, region };
    if (state === 'Enabled')
        return { ...result, after: state, changed: false, wouldEnable: false };
    if (mfaDelete)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`Bucket ${bucket}: versioning is ${state} and MFA delete is enabled, so versioning can only be changed with the bucket owner's root credentials and MFA device; ssm-deploy leaves it alone.`, {
            hint: `Have the account's root user run: aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "SERIAL CODE"`,
        });
    if (deps.dryRun)
        return { ...result, after: state, changed: false, wouldEnable: true };
    try {
        // MFADelete is left out of the configuration, which leaves it as it is.
        await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_3__.PutBucketVersioningCommand({
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
        const answer = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_3__.GetBucketVersioningCommand({ Bucket: bucket }));
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`Bucket ${bucket} is not in ${deps.region}, and S3 did not say which region it is in.`, {
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
    const { code, status } = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorFacts */ .ZR)(error);
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
    return region !== undefined && _names_js__WEBPACK_IMPORTED_MODULE_4__/* .REGION */ .Zg.test(region) ? region : undefined;
}
function bucketFailure(bucket, doing, error) {
    const { code, status } = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorFacts */ .ZR)(error);
    if (code === 'NoSuchBucket' || status === 404)
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`Bucket ${bucket} does not exist (${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(error)}).`, {
            hint: 'Check its name in versioned-buckets (bucket names are global), and that the bucket has been created.',
            cause: error,
        });
    if ((0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)(code) || status === 403)
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`Bucket ${bucket}: access denied while ${doing} (${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(error)}).`, {
            hint: `The role needs s3:GetBucketVersioning and s3:PutBucketVersioning on arn:aws:s3:::${bucket}. If the bucket belongs to another account, its bucket policy must allow the role too.`,
            cause: error,
        });
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`Bucket ${bucket}: ${doing} failed: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(error)}`, {
        hint: (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .retryHint */ .IR)(error),
        cause: error,
    });
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

//# sourceMappingURL=331.index.js.map