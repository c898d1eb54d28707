// Naming rules of the services and tools the action talks to. Each check mirrors the rule the
// service itself applies, so a bad value is refused here, before any call, with a message that
// says what would be accepted.

/** EC2 instance (`i-`, 8 or 17 hex digits) or SSM hybrid managed node (`mi-`, 17). */
export const INSTANCE_ID = /^(?:i-(?:[0-9a-f]{8}|[0-9a-f]{17})|mi-[0-9a-f]{17})$/;

/** Region codes such as `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`. */
export const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;

/** A shell (and GitHub output) variable name. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** POSIX user names as `useradd` accepts them by default. */
export const UNIX_USER = /^[a-z_][a-z0-9_-]{0,31}$/;

/** A full commit id, SHA-1 or SHA-256. */
export const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Secrets Manager version ids are UUIDs; anything else in that field is a staging label. */
export const SECRET_VERSION_ID =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Characters Secrets Manager allows in a secret name. */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Secrets Manager ARN; the region and name are captured. */
export const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:([A-Za-z0-9/_+=.@-]+)$/;

/** Parameter Store name: letters, digits and `_.-/`, optional `:version` or `:label` selector. */
export const PARAMETER_NAME =
  /^(?!\/?aws\/?$)(?!\/?ssm\/?$)[A-Za-z0-9_.\-/]{1,1011}(?::[A-Za-z0-9_.-]{1,100})?$/;

/** Parameter Store ARN (parameters shared from another account are read by ARN). */
export const PARAMETER_ARN =
  /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]+(?::[A-Za-z0-9_.-]{1,100})?$/;

/** CloudWatch Logs group names. */
export const LOG_GROUP = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** SSM `MaxConcurrency`: a count from 1, or a percentage from 1% to 100%. */
export const MAX_CONCURRENCY = /^(?:[1-9][0-9]*|[1-9][0-9]?%|100%)$/;

/** SSM `MaxErrors`: a count from 0, or a percentage from 0% to 100%. */
export const MAX_ERRORS = /^(?:0|[1-9][0-9]*|[0-9]%|[1-9][0-9]%|100%)$/;

// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const CONTROL = /[\u0000-\u001f\u007f]/;

export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/**
 * S3 bucket naming rules for general purpose buckets: 3–63 characters of lower-case letters,
 * digits, dots and hyphens, starting and ending with a letter or digit, no `..`, not shaped like
 * an IP address, and none of the prefixes and suffixes S3 reserves.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name))
    return 'may contain only lower-case letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
    return 'must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name)) return 'must not be formatted as an IP address';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-'])
    if (name.startsWith(prefix)) return `must not start with "${prefix}"`;
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'])
    if (name.endsWith(suffix)) return `must not end with "${suffix}"`;
  return undefined;
}

/**
 * The rules of `git check-ref-format` for a branch or tag name (optionally spelled `refs/…`).
 * Returns what is wrong, or undefined when the name is acceptable.
 */
export function gitRefProblem(ref: string): string | undefined {
  if (ref.length === 0) return 'is empty';
  if (ref.length > 255) return 'is longer than 255 characters';
  if (hasControlCharacter(ref) || /[ ~^:?*[\\]/.test(ref))
    return 'contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (ref.startsWith('-')) return 'starts with "-"';
  if (ref === '@') return 'is "@"';
  if (ref.includes('..') || ref.includes('@{') || ref.includes('//'))
    return 'contains "..", "@{" or "//"';
  if (ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.'))
    return 'starts with "/" or ends with "/" or "."';
  if (ref.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
    return 'has a component that starts with "." or ends with ".lock"';
  return undefined;
}

/** How letters of a derived name are cased (`name-transformation`). */
export type NameTransformation = 'uppercase' | 'lowercase' | 'none';

/**
 * The output (and environment variable) name derived from a secret or parameter name, by the rule
 * of `aws-actions/aws-secretsmanager-get-secrets`, in its order: a leading digit is prefixed with
 * `_`, every character outside `[A-Za-z0-9_]` is replaced by `_`, and only then are letters cased
 * (so `straße` is `STRA_E`, never `STRASSE`).
 */
export function toOutputName(
  name: string,
  transformation: NameTransformation = 'uppercase',
): string {
  return caseName(/^\d/.test(name) ? `_${name}` : name, transformation);
}

/** Every character outside `[A-Za-z0-9_]` replaced by `_`, then letters cased. */
export function caseName(text: string, transformation: NameTransformation): string {
  const safe = text.replace(/[^A-Za-z0-9_]/g, '_');
  if (transformation === 'uppercase') return safe.toUpperCase();
  if (transformation === 'lowercase') return safe.toLowerCase();
  return safe;
}
