// Reading an awsJson1_1 request body the way AWS validates it: a wrong type is a
// SerializationException, a missing or out-of-range member a ValidationException naming it.

import { ServiceError, validationError } from './errors.js';

type Json = Readonly<Record<string, unknown>>;

interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

interface NumberRule {
  readonly min?: number;
  readonly max?: number;
}

export function parseJsonBody(raw: string): Json {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ServiceError('SerializationException', 'Unable to parse the request body as JSON');
  }
  if (!isObject(parsed)) {
    throw new ServiceError('SerializationException', 'The request body must be a JSON object');
  }
  return parsed;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** AWS names members in validation messages in camelCase: `Names` → `names`. */
function member(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

function wrongType(field: string, expected: string): ServiceError {
  return new ServiceError(
    'SerializationException',
    `Unexpected value for ${field}: expected ${expected}`,
  );
}

export class JsonInput {
  constructor(readonly body: Json) {}

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  string(field: string, rule: StringRule = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw wrongType(field, 'a string');
    checkString(member(field), value, rule);
    return value;
  }

  requiredString(field: string, rule: StringRule = {}): string {
    const value = this.string(field, rule);
    if (value === undefined)
      throw validationError(member(field), undefined, 'Member must not be null');
    return value;
  }

  number(field: string, rule: NumberRule = {}): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(field, 'a number');
    if (rule.min !== undefined && value < rule.min) {
      throw validationError(
        member(field),
        value,
        `Member must have value greater than or equal to ${rule.min}`,
      );
    }
    if (rule.max !== undefined && value > rule.max) {
      throw validationError(
        member(field),
        value,
        `Member must have value less than or equal to ${rule.max}`,
      );
    }
    return value;
  }

  boolean(field: string): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw wrongType(field, 'a boolean');
    return value;
  }

  stringList(
    field: string,
    rule: { readonly min?: number; readonly max?: number } & StringRule = {},
  ): readonly string[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw wrongType(field, 'a list of strings');
    }
    const list: readonly string[] = value;
    if (rule.min !== undefined && list.length < rule.min) {
      throw validationError(
        member(field),
        `[${list.join(', ')}]`,
        `Member must have length greater than or equal to ${rule.min}`,
      );
    }
    if (rule.max !== undefined && list.length > rule.max) {
      throw validationError(
        member(field),
        `[${list.join(', ')}]`,
        `Member must have length less than or equal to ${rule.max}`,
      );
    }
    if (rule.pattern)
      for (const item of list) checkString(member(field), item, { pattern: rule.pattern });
    return list;
  }

  objectList(
    field: string,
    rule: { readonly max?: number } = {},
  ): readonly JsonInput[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every(isObject))
      throw wrongType(field, 'a list of objects');
    if (rule.max !== undefined && value.length > rule.max) {
      throw validationError(
        member(field),
        `[...]`,
        `Member must have length less than or equal to ${rule.max}`,
      );
    }
    return value.map((item) => new JsonInput(item));
  }

  stringListMap(field: string): Readonly<Record<string, readonly string[]>> | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw wrongType(field, 'a map');
    for (const entry of Object.values(value)) {
      if (!Array.isArray(entry) || !entry.every((v) => typeof v === 'string')) {
        throw wrongType(field, 'a map of string lists');
      }
    }
    return value as Record<string, string[]>;
  }
}

function checkString(name: string, value: string, rule: StringRule): void {
  if (rule.min !== undefined && value.length < rule.min) {
    throw validationError(
      name,
      value,
      `Member must have length greater than or equal to ${rule.min}`,
    );
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw validationError(
      name,
      value.slice(0, 64),
      `Member must have length less than or equal to ${rule.max}`,
    );
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw validationError(
      name,
      value.slice(0, 64),
      `Member must satisfy regular expression pattern: ${rule.pattern.source}`,
    );
  }
}

/**
 * Opaque pagination tokens. They carry the offset and what was listed, so a token from one
 * listing is refused by another, as AWS refuses it.
 */
export function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64url');
}

export function decodeToken(token: string, scope: string, invalid: () => ServiceError): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isObject(parsed) && parsed.s === scope && typeof parsed.o === 'number' && parsed.o >= 0) {
      return parsed.o;
    }
  } catch {
    // fall through: any undecodable token is simply invalid
  }
  throw invalid();
}

/** One page of `items` from a NextToken, and the token for the next page if there is one. */
export function paginate<T>(
  items: readonly T[],
  scope: string,
  maxResults: number,
  nextToken: string | undefined,
  invalid: () => ServiceError,
): { readonly page: readonly T[]; readonly nextToken: string | undefined } {
  const start = nextToken === undefined ? 0 : decodeToken(nextToken, scope, invalid);
  const page = items.slice(start, start + maxResults);
  const end = start + page.length;
  return { page, nextToken: end < items.length ? encodeToken(scope, end) : undefined };
}

/** Sandbox epoch ms as the awsJson timestamp AWS sends: epoch seconds with milliseconds. */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}
