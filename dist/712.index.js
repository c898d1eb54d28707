export const id = 712;
export const ids = [712];
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

/***/ 3331:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BATCH_SIZE: () => (/* binding */ BATCH_SIZE),
  DEFAULT_CONCURRENCY: () => (/* binding */ DEFAULT_CONCURRENCY),
  LIST_PAGE_SIZE: () => (/* binding */ LIST_PAGE_SIZE),
  MAX_OUTPUT_NAME: () => (/* binding */ MAX_OUTPUT_NAME),
  PartialSecretsRead: () => (/* binding */ PartialSecretsRead),
  readSecrets: () => (/* binding */ readSecrets)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var dist_cjs = __webpack_require__(2994);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./src/aws-errors.ts
var aws_errors = __webpack_require__(5148);
// EXTERNAL MODULE: ./src/batches.ts
var src_batches = __webpack_require__(9423);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/json-leaves.ts
// The leaves of a JSON secret, each with the text it had in the secret. JSON.parse turns a number
// into a double, so `4111111111111111111` would come back as `4111111111111111000`: an output that
// is not the secret, and the real digits never masked. The reviver's `context.source` (Node 22+)
// gives every primitive's source text; a number whose double is not exactly that text keeps the
// text (also inside arrays, through JSON.rawJSON).
//
// Nesting is bounded, and measured by a scan of the text before anything is parsed, so that a
// hostile value cannot exhaust the stack of the parser or of the walk over its tree.
/** Deeper nesting than this is refused: no real configuration needs it. */
const MAX_JSON_DEPTH = 100;
const Json = JSON;
/**
 * The leaves of `text` when it is a JSON object nested at most `maxDepth` levels; objects are
 * descended into, anything else (arrays included) is a leaf.
 */
function jsonObjectLeaves(text, maxDepth = MAX_JSON_DEPTH) {
    const depth = nestingDepth(text, maxDepth);
    if (depth > maxDepth)
        return { kind: 'too-deep', depth };
    let parsed;
    try {
        parsed = Json.parse(text, exactNumbers);
    }
    catch {
        return { kind: 'not-object' };
    }
    if (!isObject(parsed))
        return { kind: 'not-object' };
    const leaves = [];
    try {
        collect(parsed, [], leaves, maxDepth);
    }
    catch (error) {
        if (error instanceof TooDeep)
            return { kind: 'too-deep', depth: error.depth };
        throw error;
    }
    return { kind: 'object', leaves };
}
/**
 * How deeply `text` nests objects and arrays, counted without parsing (brackets inside strings
 * do not count); the scan stops once it passes `limit`.
 */
function nestingDepth(text, limit = Number.POSITIVE_INFINITY) {
    let depth = 0;
    let deepest = 0;
    let inString = false;
    for (let i = 0; i < text.length; i += 1) {
        const char = text[i];
        if (inString) {
            if (char === '\\')
                i += 1;
            else if (char === '"')
                inString = false;
            continue;
        }
        if (char === '"')
            inString = true;
        else if (char === '{' || char === '[') {
            depth += 1;
            if (depth > deepest)
                deepest = depth;
            if (deepest > limit)
                return deepest;
        }
        else if (char === '}' || char === ']')
            depth -= 1;
    }
    return deepest;
}
function exactNumbers(_key, value, context) {
    if (typeof value !== 'number' || context.source === undefined)
        return value;
    return sameNumber(context.source, value) ? value : Json.rawJSON(context.source);
}
class TooDeep extends Error {
    depth;
    constructor(depth) {
        super('too deep');
        this.depth = depth;
    }
}
/**
 * Leaves of `object` below `path`. A string leaf that is itself a JSON object is descended into
 * too, as aws-secretsmanager-get-secrets does; its nesting counts towards `maxDepth`.
 */
function collect(object, path, into, maxDepth) {
    for (const [key, value] of Object.entries(object)) {
        const at = [...path, key];
        if (isObject(value) && !Json.isRawJSON(value)) {
            collect(value, at, into, maxDepth);
            continue;
        }
        if (typeof value === 'string' && value.trimStart().startsWith('{')) {
            const inner = jsonObjectLeaves(value, maxDepth - at.length);
            if (inner.kind === 'too-deep')
                throw new TooDeep(inner.depth + at.length);
            if (inner.kind === 'object') {
                for (const leaf of inner.leaves)
                    into.push({ ...leaf, path: [...at, ...leaf.path] });
                continue;
            }
        }
        into.push({
            path: at,
            text: leafText(value),
            literal: value === null || typeof value === 'boolean',
        });
    }
}
function leafText(value) {
    if (typeof value === 'string')
        return value;
    if (Json.isRawJSON(value))
        return value.rawJSON;
    return JSON.stringify(value);
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * Whether the JSON number `source` denotes exactly the double `value`, so that printing the double
 * (as JSON.stringify does: `1.50` as `1.5`) changes the spelling but not the number.
 */
function sameNumber(source, value) {
    if (!Number.isFinite(value))
        return false;
    const a = decimal(source);
    const b = decimal(String(value));
    return a !== undefined && b !== undefined && a === b;
}
/** A canonical spelling of a decimal number: sign, digits without leading or trailing zeros, exponent. */
function decimal(text) {
    const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (match === null)
        return undefined;
    const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
    let digits = (whole + fraction).replace(/^0+/, '');
    if (digits === '')
        return '0';
    let power = BigInt(exponent) - BigInt(fraction.length);
    const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
    digits = digits.slice(0, digits.length - trailing);
    power += BigInt(trailing);
    return `${sign}${digits}e${power}`;
}

// EXTERNAL MODULE: ./src/masks.ts
var src_masks = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
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
/** Longer output names are refused: a name is for a person to write in a workflow. */
const MAX_OUTPUT_NAME = 1024;
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
            const made = secretOutputs(target, outcome.record, config, targets.length);
            if (made instanceof errors.ActionError) {
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
    const { listSecrets, batchGetSecretValue, getSecretValue } = session.calls;
    notes.push(`Read ${manifest.length} secret(s) with ${batchGetSecretValue} BatchGetSecretValue, ${getSecretValue} GetSecretValue and ${listSecrets} ListSecrets call(s).`);
    const read = { outputs, masks, warnings, notes, manifest, calls: { ...session.calls } };
    if (problems.length > 0)
        throw new PartialSecretsRead((0,errors.combineErrors)(problems), read);
    return read;
}
/**
 * Some secrets could not be read: the step fails, yet what was read is still set and exported, as
 * aws-secretsmanager-get-secrets exports every secret it could read before it fails.
 */
class PartialSecretsRead extends errors.FailureWithWarnings {
    read;
    constructor(failure, read) {
        super(failure, read.warnings);
        this.read = read;
    }
}
/** The calls of one read: clients per region, one limit on calls in flight, and their count. */
class Session {
    deps;
    calls = { listSecrets: 0, batchGetSecretValue: 0, getSecretValue: 0 };
    limit;
    constructor(deps) {
        this.deps = deps;
        this.limit = (0,p_limit/* default */.A)(deps.concurrency ?? DEFAULT_CONCURRENCY);
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
            problems.push(new errors.ActionError(`${where(request)}: listing the secrets whose names start with ${source.prefix} failed: ${(0,aws_errors/* describeAwsError */.Pp)(error)}`, {
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
                return client.send(new dist_cjs.ListSecretsCommand({
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
        return [...byArn.values()].sort((a, b) => (0,src_batches/* byCodeUnit */.X)(a.name, b.name));
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
            for (const chunk of (0,src_batches/* chunks */.V)([...ids], BATCH_SIZE))
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
            const page = await client.send(new dist_cjs.BatchGetSecretValueCommand({
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
            const answer = await this.client(target.region).send(new dist_cjs.GetSecretValueCommand({
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
            ? { kind: 'binary', bytes: entry.SecretBinary }
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
    return new errors.ActionError(`Reading ${ids.length} secret(s) in ${region} with BatchGetSecretValue failed (${shown}): ${(0,aws_errors/* describeAwsError */.Pp)(error)}`, {
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
    problems.push(new errors.ActionError(`${where(target.request)}: secret ${what} could not be read: ${failure.code}${said}`, {
        ...(hint === undefined ? {} : { hint }),
        ...(failure.cause === undefined ? {} : { cause: failure.cause }),
    }));
}
/** Applies `if-missing` to something that does not exist. */
function missing(ifMissing, request, what, problems, warnings, notes) {
    const message = `${where(request)}: ${what}`;
    if (ifMissing === 'fail')
        problems.push(new errors.ActionError(message, {
            hint: 'Check the name and the region, or set if-missing: warn (or ignore) to go on without it.',
        }));
    else if (ifMissing === 'warn')
        warnings.push(`${message}; its outputs are not set.`);
    else
        notes.push(`${message}; skipped (if-missing: ignore).`);
}
/**
 * The outputs of one secret: its whole value, or with parse-json-secrets and a JSON object value,
 * one per leaf instead (as aws-secretsmanager-get-secrets does; the whole value is still masked).
 */
function secretOutputs(target, record, config, matches) {
    const { request } = target;
    const name = outputName(request, record, matches, config.nameTransformation);
    const source = `secret ${record.name}`;
    const warnings = [];
    const text = valueText(record, config.binary, warnings);
    const whole = (0,src_masks/* masksFor */.RM)(text);
    const masks = [...whole.masks];
    const unmaskedKeys = [];
    let shortLines = whole.shortLines;
    const manifest = { alias: name, name: record.name, arn: record.arn, versionId: record.versionId };
    const namedBy = request.source.kind === 'prefix' && name !== request.alias ? 'data' : 'user';
    const parsed = config.parseJson && !(record.value.kind === 'binary' && config.binary === 'base64')
        ? jsonObjectLeaves(text)
        : undefined;
    if (parsed?.kind === 'too-deep')
        return new errors.ActionError(`${where(request)}: the JSON of secret ${record.name} nests more than ${MAX_JSON_DEPTH} levels deep, so it is not split into outputs.`, { hint: 'Read it without parse-json-secrets, or flatten the value.' });
    if (parsed?.kind !== 'object') {
        if (shortLines > 0)
            warnings.push(`Secret ${record.name}: ${shortLines} line(s) of its value are shorter than 4 characters and are not masked on their own.`);
        return {
            outputs: [{ name, value: text, secret: true, source, identity: record.arn, namedBy }],
            masks,
            warnings,
            manifest,
        };
    }
    const outputs = [];
    for (const leaf of parsed.leaves) {
        const keyPath = leaf.path.join('.');
        const keys = leaf.path.join('_');
        // A blank alias (`,SECRET_ID`) names the outputs by the keys alone. Otherwise the keys follow
        // the secret's name; a leading digit only matters at the start of the whole name.
        const leafName = request.alias === ''
            ? (0,names/* toOutputName */.US)(keys, config.nameTransformation)
            : `${name}_${(0,names/* caseName */.cY)(keys, config.nameTransformation)}`;
        if (leafName === '')
            return new errors.ActionError(`${where(request)}: the JSON key ${JSON.stringify(keyPath)} of secret ${record.name} gives no output name.`, { hint: 'Give the secret an alias, or read it without parse-json-secrets.' });
        if (leafName.length > MAX_OUTPUT_NAME)
            return new errors.ActionError(`${where(request)}: a JSON key of secret ${record.name}, ${leaf.path.length} level(s) deep, gives an output name of ${leafName.length} characters; at most ${MAX_OUTPUT_NAME} are allowed.`, { hint: 'Read it without parse-json-secrets, or use shorter keys.' });
        outputs.push({
            name: leafName,
            value: leaf.text,
            secret: true,
            source: `key ${JSON.stringify(keyPath)} of ${source}`,
            identity: `${record.arn}#${keyPath}`,
            namedBy: 'data',
        });
        // `true`, `false` and `null` are masked too, as aws-secretsmanager-get-secrets masks every
        // value it exports; `true` and `null` then read *** in the rest of the job's log.
        const parts = (0,src_masks/* partMasks */.$F)(leaf.text);
        if (parts === undefined) {
            if (leaf.text !== '')
                unmaskedKeys.push(keyPath);
        }
        else {
            masks.push(...parts.masks);
            shortLines += parts.shortLines;
        }
    }
    if (unmaskedKeys.length > 0)
        warnings.push(`Secret ${record.name}: the values of the JSON keys ${unmaskedKeys.join(', ')} are shorter than 4 characters and are not masked on their own.`);
    if (shortLines > 0)
        warnings.push(`Secret ${record.name}: ${shortLines} line(s) of its value are shorter than 4 characters and are not masked on their own.`);
    return { outputs, masks, warnings, manifest };
}
/**
 * A secret's value as text: a string as it is; a binary one decoded as UTF-8 (as
 * aws-secretsmanager-get-secrets decodes it to text), or with binary-secrets: base64 as base64.
 */
function valueText(record, binary, warnings) {
    if (record.value.kind === 'string')
        return record.value.text;
    const bytes = Buffer.from(record.value.bytes);
    if (binary === 'base64')
        return bytes.toString('base64');
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        warnings.push(`Secret ${record.name} is binary and not UTF-8 text: its output has replacement characters where bytes could not be decoded. Set binary-secrets: base64 to get its bytes exactly.`);
        return bytes.toString('utf8');
    }
}
/** The output name of a secret's whole value. */
function outputName(request, record, matches, transformation) {
    const { source } = request;
    if (source.kind === 'prefix')
        return prefixOutputName(request, record.name, matches, transformation);
    if (request.alias !== undefined && request.alias !== '')
        return request.alias;
    // By name, the name as written (as aws-secretsmanager-get-secrets does); by ARN, the name
    // Secrets Manager returns, without the ARN's random suffix.
    return (0,names/* toOutputName */.US)(source.kind === 'name' ? source.name : record.name, transformation);
}
/**
 * A prefix's secret: named after its whole name. With an alias, a prefix that matches one secret
 * names it by the alias alone (as aws-secretsmanager-get-secrets does); one that matches several
 * (which that action refuses) names each `ALIAS_` and the part of its name below the prefix.
 */
function prefixOutputName(request, secretName, matches, transformation) {
    const { source, alias } = request;
    if (source.kind !== 'prefix' || alias === undefined || alias === '')
        return (0,names/* toOutputName */.US)(secretName, transformation);
    if (matches === 1)
        return alias;
    const rest = secretName.slice(source.prefix.length).replace(/^[^A-Za-z0-9]+/, '');
    return rest === '' ? alias : `${alias}_${(0,names/* toOutputName */.US)(rest, transformation)}`;
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

//# sourceMappingURL=712.index.js.map