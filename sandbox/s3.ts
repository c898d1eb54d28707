// S3, REST-XML and path-style (/bucket/key): HeadBucket, CreateBucket, GetBucketLocation,
// Get/PutBucketVersioning, PutObject, GetObject (with a single byte `Range`, as S3 answers it),
// HeadObject and ListObjectVersions, with object versions as S3 keeps them (a `null` version until
// versioning is enabled). Each bucket belongs to an account: a request whose
// `x-amz-expected-bucket-owner` names another is refused with 403, as S3 refuses it.

import { createHash, randomBytes } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import { ServiceError } from './errors.js';
import type { ServiceRequest, ServiceResponse } from './protocol.js';
import { type XmlNode, el, readFlatDocument, s3Document } from './xml.js';

export type VersioningStatus = 'Enabled' | 'Suspended';

export interface BucketSeed {
  readonly name: string;
  /** Default: the sandbox's region. */
  readonly region?: string;
  /** Absent: versioning was never configured. */
  readonly versioning?: VersioningStatus;
  readonly mfaDelete?: 'Enabled' | 'Disabled';
  /** Every call on this bucket is refused with AccessDenied (403). */
  readonly accessDenied?: boolean;
  /** The account that owns it. Default: the sandbox's account. */
  readonly owner?: string;
  /** Objects to create, key → content. */
  readonly objects?: Readonly<Record<string, string>>;
}

export interface StoredObject {
  readonly key: string;
  /** `null` for an object written while versioning was off or suspended. */
  readonly versionId: string;
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: number;
  readonly contentType: string;
}

interface Bucket {
  readonly name: string;
  readonly region: string;
  readonly owner: string;
  readonly created: number;
  versioning: VersioningStatus | undefined;
  mfaDelete: 'Enabled' | 'Disabled' | undefined;
  accessDenied: boolean;
  /** Versions of each key, oldest first. */
  readonly objects: Map<string, StoredObject[]>;
}

export interface S3Call {
  readonly operation: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
}

const OWNER_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Told of every object written, by the agent or through the API, once it is stored. */
export type ObjectListener = (bucket: string, object: StoredObject) => void;

export class S3Store {
  readonly #buckets = new Map<string, Bucket>();
  readonly #listeners = new Set<ObjectListener>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly defaultRegion: string,
    private readonly accountId: string,
  ) {}

  /** Calls `listener` after each object is written; returns what removes it. */
  onObjectWritten(listener: ObjectListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  seedBucket(seed: BucketSeed): void {
    if (!BUCKET_NAME.test(seed.name)) throw new Error(`invalid bucket name ${seed.name}`);
    if (this.#buckets.has(seed.name)) throw new Error(`bucket ${seed.name} already exists`);
    this.#buckets.set(seed.name, {
      name: seed.name,
      region: seed.region ?? this.defaultRegion,
      owner: seed.owner ?? this.accountId,
      created: this.clock.now(),
      versioning: seed.versioning,
      mfaDelete: seed.mfaDelete,
      accessDenied: seed.accessDenied ?? false,
      objects: new Map(),
    });
    for (const [key, content] of Object.entries(seed.objects ?? {})) {
      this.putObject(seed.name, key, Buffer.from(content));
    }
  }

  setAccessDenied(bucket: string, denied: boolean): void {
    this.#require(bucket).accessDenied = denied;
  }

  versioning(bucket: string): VersioningStatus | undefined {
    return this.#require(bucket).versioning;
  }

  bucketNames(): readonly string[] {
    return [...this.#buckets.keys()];
  }

  /** Writes an object as S3 would (used by the agent for command output). */
  putObject(
    bucket: string,
    key: string,
    body: Buffer,
    contentType = 'binary/octet-stream',
  ): StoredObject {
    const target = this.#require(bucket);
    const versionId = target.versioning === 'Enabled' ? newVersionId() : 'null';
    const object: StoredObject = {
      key,
      versionId,
      body,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: this.clock.now(),
      contentType,
    };
    const versions = (target.objects.get(key) ?? []).filter(
      (v) => v.versionId !== 'null' || versionId !== 'null',
    );
    versions.push(object);
    target.objects.set(key, versions);
    for (const listener of this.#listeners) listener(bucket, object);
    return object;
  }

  /** The newest version of an object, or a given one; undefined when absent. */
  getObject(bucket: string, key: string, versionId?: string): StoredObject | undefined {
    const versions = this.#buckets.get(bucket)?.objects.get(key) ?? [];
    return versionId === undefined
      ? versions.at(-1)
      : versions.find((v) => v.versionId === versionId);
  }

  /** Tells the operation from the method, path and sub-resource, before anything is done. */
  identify(method: string, path: string, query: URLSearchParams): S3Call {
    const [rawBucket = '', ...rest] = path.replace(/^\//, '').split('/');
    const bucket = rawBucket === '' ? undefined : decodeURIComponent(rawBucket);
    const key =
      rest.length === 0 || (rest.length === 1 && rest[0] === '')
        ? undefined
        : decodeURIComponent(rest.join('/'));
    const operation = (() => {
      if (bucket === undefined) return method === 'GET' ? 'ListBuckets' : 'Unknown';
      if (key === undefined) {
        if (query.has('versioning'))
          return method === 'GET'
            ? 'GetBucketVersioning'
            : method === 'PUT'
              ? 'PutBucketVersioning'
              : 'Unknown';
        if (query.has('versions') && method === 'GET') return 'ListObjectVersions';
        if (query.has('location') && method === 'GET') return 'GetBucketLocation';
        if ([...query.keys()].some((k) => k !== 'x-id')) return 'Unknown';
        if (method === 'HEAD') return 'HeadBucket';
        if (method === 'PUT') return 'CreateBucket';
        return 'Unknown';
      }
      if ([...query.keys()].some((k) => !['x-id', 'versionId'].includes(k))) return 'Unknown';
      if (method === 'PUT') return 'PutObject';
      if (method === 'GET') return 'GetObject';
      if (method === 'HEAD') return 'HeadObject';
      return 'Unknown';
    })();
    return { operation, bucket, key };
  }

  handle(call: S3Call, request: ServiceRequest): ServiceResponse {
    if (call.operation === 'Unknown' || call.operation === 'ListBuckets') {
      throw new ServiceError(
        'NotImplemented',
        'A header or query you provided implies functionality that is not implemented.',
        501,
      );
    }
    const bucketName = call.bucket ?? '';
    if (call.operation === 'CreateBucket') return this.#createBucket(bucketName, request);
    const bucket = this.#buckets.get(bucketName);
    if (!bucket) {
      throw new ServiceError('NoSuchBucket', 'The specified bucket does not exist', 404, {
        BucketName: bucketName,
      });
    }
    const expectedOwner = request.headers['x-amz-expected-bucket-owner'];
    if (expectedOwner !== undefined && expectedOwner !== bucket.owner)
      throw new ServiceError('AccessDenied', 'Access Denied', 403);
    if (bucket.accessDenied) throw new ServiceError('AccessDenied', 'Access Denied', 403);
    if (bucket.region !== request.region && call.operation !== 'GetBucketLocation') {
      throw new ServiceError(
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; the region '${request.region}' is wrong; expecting '${bucket.region}'`,
        400,
        { Region: bucket.region },
      );
    }
    const key = call.key ?? '';
    switch (call.operation) {
      case 'HeadBucket':
        return {
          status: 200,
          headers: { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' },
          body: '',
        };
      case 'GetBucketLocation':
        return xml(
          el('LocationConstraint', bucket.region === 'us-east-1' ? undefined : bucket.region),
        );
      case 'GetBucketVersioning':
        return xml(
          el(
            'VersioningConfiguration',
            bucket.versioning && el('Status', bucket.versioning),
            bucket.mfaDelete && el('MfaDelete', bucket.mfaDelete),
          ),
        );
      case 'PutBucketVersioning':
        return this.#putVersioning(bucket, request);
      case 'PutObject': {
        const body = decodeBody(request);
        const contentType = request.headers['content-type'] ?? 'binary/octet-stream';
        const object = this.putObject(bucket.name, key, body, contentType);
        return {
          status: 200,
          headers: { etag: object.etag, ...versionHeader(bucket, object) },
          body: '',
        };
      }
      case 'GetObject':
      case 'HeadObject': {
        const object = this.#find(bucket, key, request.query.get('versionId') ?? undefined);
        const headers = {
          etag: object.etag,
          'content-type': object.contentType,
          'content-length': String(object.body.length),
          'last-modified': new Date(object.lastModified).toUTCString(),
          'accept-ranges': 'bytes',
          ...versionHeader(bucket, object),
        };
        const range = request.headers.range;
        if (call.operation === 'GetObject' && typeof range === 'string') {
          const part = byteRange(range, object.body.length);
          if (part === 'unsatisfiable')
            throw new ServiceError('InvalidRange', 'The requested range is not satisfiable', 416, {
              RangeRequested: range,
              ActualObjectSize: String(object.body.length),
            });
          if (part !== undefined)
            return {
              status: 206,
              headers: {
                ...headers,
                'content-length': String(part.end - part.start + 1),
                'content-range': `bytes ${part.start}-${part.end}/${object.body.length}`,
              },
              body: object.body.subarray(part.start, part.end + 1),
            };
        }
        return { status: 200, headers, body: call.operation === 'GetObject' ? object.body : '' };
      }
      case 'ListObjectVersions':
        return this.#listVersions(bucket, request.query);
      default:
        throw new ServiceError('NotImplemented', 'Not implemented', 501);
    }
  }

  #createBucket(name: string, request: ServiceRequest): ServiceResponse {
    if (!BUCKET_NAME.test(name) || name.includes('..')) {
      throw new ServiceError('InvalidBucketName', 'The specified bucket is not valid.', 400, {
        BucketName: name,
      });
    }
    const body = request.body.toString('utf8').trim();
    const config = body === '' ? {} : readFlatDocument(body, 'CreateBucketConfiguration');
    const constraint = config.LocationConstraint;
    if ((constraint ?? 'us-east-1') !== request.region) {
      throw new ServiceError(
        'IllegalLocationConstraintException',
        constraint === undefined
          ? 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'
          : `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    }
    const existing = this.#buckets.get(name);
    if (existing) {
      if (existing.accessDenied) {
        throw new ServiceError(
          'BucketAlreadyExists',
          'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
          409,
          { BucketName: name },
        );
      }
      // us-east-1 keeps its legacy answer: creating a bucket you already own there succeeds.
      if (existing.region !== 'us-east-1') {
        throw new ServiceError(
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded and you already own it.',
          409,
          { BucketName: name },
        );
      }
    } else {
      this.seedBucket({ name, region: request.region });
    }
    return { status: 200, headers: { location: `/${name}` }, body: '' };
  }

  #putVersioning(bucket: Bucket, request: ServiceRequest): ServiceResponse {
    const config = readFlatDocument(request.body.toString('utf8'), 'VersioningConfiguration');
    const { Status: status, MfaDelete: mfaDelete, ...other } = config;
    if (Object.keys(other).length > 0) throw readFlatError();
    if (status !== undefined && status !== 'Enabled' && status !== 'Suspended')
      throw readFlatError();
    if (mfaDelete !== undefined && mfaDelete !== 'Enabled' && mfaDelete !== 'Disabled')
      throw readFlatError();
    if (mfaDelete !== undefined && request.headers['x-amz-mfa'] === undefined) {
      throw new ServiceError(
        'AccessDenied',
        'Mfa Authentication must be used for this request',
        403,
      );
    }
    if (status !== undefined) bucket.versioning = status;
    if (mfaDelete !== undefined) bucket.mfaDelete = mfaDelete;
    return { status: 200, headers: {}, body: '' };
  }

  #find(bucket: Bucket, key: string, versionId: string | undefined): StoredObject {
    const versions = bucket.objects.get(key);
    const newest = versions?.at(-1);
    if (!versions || !newest) {
      throw new ServiceError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    }
    if (versionId === undefined) return newest;
    const found = versions.find((v) => v.versionId === versionId);
    if (!found) {
      throw new ServiceError('NoSuchVersion', 'The specified version does not exist.', 404, {
        Key: key,
        VersionId: versionId,
      });
    }
    return found;
  }

  #listVersions(bucket: Bucket, query: URLSearchParams): ServiceResponse {
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    const keyMarker = query.get('key-marker') ?? '';
    const versionMarker = query.get('version-id-marker') ?? '';
    const encode = query.get('encoding-type') === 'url';
    const maxKeysText = query.get('max-keys');
    const maxKeys = maxKeysText === null ? 1000 : Number(maxKeysText);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) {
      throw new ServiceError(
        'InvalidArgument',
        'Provided max-keys not an integer or within integer range',
        400,
      );
    }
    if (versionMarker !== '' && keyMarker === '') {
      throw new ServiceError(
        'InvalidArgument',
        'A version-id marker cannot be specified without a key marker.',
        400,
      );
    }
    // Every version, keys in order, newest version of each key first; common prefixes once each.
    type Entry =
      | { kind: 'version'; object: StoredObject; latest: boolean }
      | { kind: 'prefix'; prefix: string };
    const entries: Entry[] = [];
    const seenPrefixes = new Set<string>();
    for (const key of [...bucket.objects.keys()].sort()) {
      if (!key.startsWith(prefix)) continue;
      if (delimiter !== '') {
        const cut = key.indexOf(delimiter, prefix.length);
        if (cut !== -1) {
          const common = key.slice(0, cut + delimiter.length);
          if (!seenPrefixes.has(common)) entries.push({ kind: 'prefix', prefix: common });
          seenPrefixes.add(common);
          continue;
        }
      }
      const versions = [...(bucket.objects.get(key) ?? [])].reverse();
      versions.forEach((object, index) =>
        entries.push({ kind: 'version', object, latest: index === 0 }),
      );
    }
    let start = 0;
    if (keyMarker !== '') {
      const afterVersion = (e: Entry): boolean =>
        e.kind === 'version' && e.object.key === keyMarker && e.object.versionId === versionMarker;
      const markerIndex = versionMarker === '' ? -1 : entries.findIndex(afterVersion);
      start =
        markerIndex !== -1
          ? markerIndex + 1
          : entries.findIndex((e) => (e.kind === 'version' ? e.object.key : e.prefix) > keyMarker);
      if (start === -1) start = entries.length;
    }
    const page = entries.slice(start, start + maxKeys);
    const truncated = start + page.length < entries.length;
    const last = page.at(-1);
    const show = (text: string): string =>
      encode ? encodeURIComponent(text).replaceAll('%2F', '/') : text;
    const children: XmlNode[] = [
      el('Name', bucket.name),
      el('Prefix', show(prefix)),
      el('KeyMarker', show(keyMarker)),
      el('VersionIdMarker', versionMarker),
      el('MaxKeys', maxKeys),
      delimiter === '' ? undefined : el('Delimiter', show(delimiter)),
      el('IsTruncated', truncated),
      encode ? el('EncodingType', 'url') : undefined,
    ];
    for (const entry of page) {
      if (entry.kind === 'prefix') {
        children.push(el('CommonPrefixes', el('Prefix', show(entry.prefix))));
        continue;
      }
      const o = entry.object;
      children.push(
        el(
          'Version',
          el('Key', show(o.key)),
          el('VersionId', o.versionId),
          el('IsLatest', entry.latest),
          el('LastModified', new Date(o.lastModified).toISOString()),
          el('ETag', o.etag),
          el('Size', o.body.length),
          el('StorageClass', 'STANDARD'),
          el('Owner', el('ID', OWNER_ID)),
        ),
      );
    }
    if (truncated && last) {
      if (last.kind === 'version') {
        children.push(
          el('NextKeyMarker', show(last.object.key)),
          el('NextVersionIdMarker', last.object.versionId),
        );
      } else {
        children.push(el('NextKeyMarker', show(last.prefix)));
      }
    }
    return xml(el('ListVersionsResult', ...children));
  }

  #require(name: string): Bucket {
    const bucket = this.#buckets.get(name);
    if (!bucket) throw new Error(`no bucket ${name}`);
    return bucket;
  }
}

/**
 * A single byte range as S3 reads the Range header (RFC 9110): `bytes=A-B` (B past the end is cut
 * to it), `bytes=A-`, or the last N bytes `bytes=-N` (all of a shorter object). A range starting
 * past the end, or any range of an empty object but a suffix, cannot be satisfied (416). A header
 * S3 does not read as one byte range (several ranges, another unit) is ignored: the whole object
 * is answered, as is an empty object asked for a suffix.
 */
export function byteRange(
  header: string,
  size: number,
): { readonly start: number; readonly end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const length = Number(last);
    if (length === 0) return 'unsatisfiable';
    if (size === 0) return undefined;
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

function readFlatError(): ServiceError {
  return new ServiceError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}

function versionHeader(bucket: Bucket, object: StoredObject): Record<string, string> {
  // A bucket that never had versioning says nothing about versions; once configured, even a
  // `null` version is named.
  return bucket.versioning === undefined ? {} : { 'x-amz-version-id': object.versionId };
}

function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}

function xml(root: ReturnType<typeof el>): ServiceResponse {
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: s3Document(root) };
}

/**
 * The SDK streams bodies of unknown length as `aws-chunked` with a trailing checksum:
 * `<hex size>[;chunk-signature=...]\r\n<data>\r\n ... 0\r\n<trailers>\r\n\r\n`.
 */
function decodeBody(request: ServiceRequest): Buffer {
  const encoding = request.headers['content-encoding'] ?? '';
  const sha = request.headers['x-amz-content-sha256'];
  const chunked =
    encoding
      .split(',')
      .map((s) => s.trim())
      .includes('aws-chunked') ||
    (typeof sha === 'string' && sha.startsWith('STREAMING-'));
  if (!chunked) return request.body;
  const parts: Buffer[] = [];
  let offset = 0;
  const body = request.body;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd === -1)
      throw new ServiceError('IncompleteBody', 'The request body terminated unexpectedly');
    const size = Number.parseInt(
      body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '',
      16,
    );
    if (!Number.isFinite(size))
      throw new ServiceError('IncompleteBody', 'The request body terminated unexpectedly');
    offset = lineEnd + 2;
    if (size === 0) break;
    parts.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  return Buffer.concat(parts);
}
