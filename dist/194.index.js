export const id = 194;
export const ids = [194];
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
/* harmony export */   RM: () => (/* binding */ masksFor)
/* harmony export */ });
/* unused harmony export MIN_MASK_LENGTH */
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


/***/ }),

/***/ 7194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BATCH_SIZE: () => (/* binding */ BATCH_SIZE),
/* harmony export */   DEFAULT_CONCURRENCY: () => (/* binding */ DEFAULT_CONCURRENCY),
/* harmony export */   LIST_PAGE_SIZE: () => (/* binding */ LIST_PAGE_SIZE),
/* harmony export */   describeSecrets: () => (/* binding */ describeSecrets),
/* harmony export */   readSecrets: () => (/* binding */ readSecrets)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2994);
/* harmony import */ var p_limit__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(370);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5148);
/* harmony import */ var _batches_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9423);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _masks_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5378);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6455);
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
const DEFAULT_CONCURRENCY = 10;
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
            if (made instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError) {
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
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.failWith)(problems, warnings);
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
            return `${where(request)}: would read ${source.name}${pin} as ${request.alias || (0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .toOutputName */ .US)(source.name)}`;
        const targets = await session.resolve(request, problems);
        if (targets === undefined)
            return undefined;
        if (targets.length === 0)
            return `${where(request)}: prefix ${source.prefix}* matches no secret now`;
        const names = targets.map((target) => `${target.label} → ${prefixOutputName(request, target.label)}`);
        return `${where(request)}: prefix ${source.prefix}* matches ${targets.length} secret(s): ${names.join(', ')}`;
    }));
    if (problems.length > 0)
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.combineErrors)(problems);
    return lines.filter((line) => line !== undefined);
}
/** The calls of one read: clients per region, one limit on calls in flight, and their count. */
class Session {
    deps;
    calls = { listSecrets: 0, batchGetSecretValue: 0, getSecretValue: 0 };
    limit;
    constructor(deps) {
        this.deps = deps;
        this.limit = (0,p_limit__WEBPACK_IMPORTED_MODULE_3__/* ["default"] */ .A)(deps.concurrency ?? DEFAULT_CONCURRENCY);
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
            problems.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`${where(request)}: listing the secrets whose names start with ${source.prefix} failed: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(error)}`, {
                hint: (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)((0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorFacts */ .ZR)(error).code)
                    ? 'A prefix is resolved with ListSecrets: the role needs secretsmanager:ListSecrets (on "*").'
                    : (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .retryHint */ .IR)(error),
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
                return client.send(new _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_4__.ListSecretsCommand({
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
        return [...byArn.values()].sort((a, b) => (0,_batches_js__WEBPACK_IMPORTED_MODULE_5__/* .byCodeUnit */ .X)(a.name, b.name));
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
            for (const chunk of (0,_batches_js__WEBPACK_IMPORTED_MODULE_5__/* .chunks */ .V)([...ids], BATCH_SIZE))
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
            const page = await client.send(new _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_4__.BatchGetSecretValueCommand({
                SecretIdList: [...ids],
                ...(token === undefined ? {} : { NextToken: token }),
            }));
            for (const entry of page.SecretValues ?? [])
                for (const id of ids.filter((candidate) => answers(candidate, entry)))
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
            const answer = await this.client(target.region).send(new _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_4__.GetSecretValueCommand({
                SecretId: target.id,
                ...(version?.kind === 'id' ? { VersionId: version.versionId } : {}),
                ...(version?.kind === 'stage' ? { VersionStage: version.versionStage } : {}),
            }));
            return { kind: 'read', record: toRecord(answer, target.id) };
        }
        catch (error) {
            const { code, message } = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorFacts */ .ZR)(error);
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
function answers(id, entry) {
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
    const { code } = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorFacts */ .ZR)(error);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`Reading ${ids.length} secret(s) in ${region} with BatchGetSecretValue failed (${shown}): ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(error)}`, {
        hint: (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)(code)
            ? 'The role needs secretsmanager:BatchGetSecretValue (on "*") as well as secretsmanager:GetSecretValue on each secret.'
            : (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .retryHint */ .IR)(error),
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
    const hint = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)(failure.code)
        ? `The role may not read this secret: it needs secretsmanager:GetSecretValue on it (and kms:Decrypt on its key if it is encrypted with a customer managed key). if-missing does not apply to access denied.`
        : failure.code === 'DecryptionFailure'
            ? 'Secrets Manager could not decrypt the secret with its KMS key: the role needs kms:Decrypt on that key, and the key must be enabled and its policy must allow the role.'
            : failure.code === 'InvalidRequestException'
                ? 'Secrets Manager answers this for a secret scheduled for deletion: restore it, or remove it from secret-ids.'
                : failure.cause === undefined
                    ? undefined
                    : (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .retryHint */ .IR)(failure.cause);
    problems.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`${where(target.request)}: secret ${what} could not be read: ${failure.code}${said}`, {
        ...(hint === undefined ? {} : { hint }),
        ...(failure.cause === undefined ? {} : { cause: failure.cause }),
    }));
}
/** Applies `if-missing` to something that does not exist. */
function missing(ifMissing, request, what, problems, warnings, notes) {
    const message = `${where(request)}: ${what}`;
    if (ifMissing === 'fail')
        problems.push(new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(message, {
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
    const whole = (0,_masks_js__WEBPACK_IMPORTED_MODULE_6__/* .masksFor */ .RM)(record.value.text);
    const outputs = [
        {
            name,
            value: record.value.text,
            secret: true,
            source,
            identity: record.arn,
            // A prefix's match is named after a secret the listing found, unless the alias alone names it.
            namedBy: request.source.kind === 'prefix' && name !== request.alias ? 'data' : 'user',
        },
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
                return new _errors_js__WEBPACK_IMPORTED_MODULE_1__.ActionError(`${where(request)}: the JSON key ${JSON.stringify(keyPath)} of secret ${record.name} gives no output name.`, { hint: 'Give the secret an alias, or read it without parse-json-secrets.' });
            outputs.push({
                name: leaf.name,
                value: leaf.text,
                secret: true,
                source: `key ${JSON.stringify(keyPath)} of ${source}`,
                identity: `${record.arn}#${keyPath}`,
                namedBy: 'data',
            });
            // `true`, `false` and `null` can hide nothing, and masking them would garble every log.
            if (leaf.literal)
                continue;
            const parts = (0,_masks_js__WEBPACK_IMPORTED_MODULE_6__/* .partMasks */ .$F)(leaf.text);
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
    return (0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .toOutputName */ .US)(source.kind === 'name' ? source.name : record.name);
}
/** A prefix's secret: named after its whole name, or with an alias, after the part below it. */
function prefixOutputName(request, secretName) {
    const { source, alias } = request;
    if (source.kind !== 'prefix' || alias === undefined || alias === '')
        return (0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .toOutputName */ .US)(secretName);
    const rest = secretName.slice(source.prefix.length).replace(/^[^A-Za-z0-9]+/, '');
    return rest === '' ? alias : `${alias}_${(0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .toOutputName */ .US)(rest)}`;
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
        const name = prefix === '' ? (0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .toOutputName */ .US)(key) : `${prefix}_${(0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .toOutputName */ .US)(key)}`;
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

//# sourceMappingURL=194.index.js.map