// An error answered to the client in the service's own shape: `code` is what the SDK turns into an
// exception class (`ParameterNotFound`, `NoSuchBucket`, ...), `status` the HTTP status AWS uses.

export class ServiceError extends Error {
  constructor(
    readonly code: string,
    /** AWS leaves the message empty for some errors (SSM's ParameterNotFound, for one). */
    message: string | undefined,
    readonly status = 400,
    /** Extra elements of an S3 XML error (BucketName, Key, Region, ...). */
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message ?? '');
    this.name = code;
  }

  get hasMessage(): boolean {
    return this.message !== '';
  }
}

/** The `1 validation error detected` message that AWS's request validation produces. */
export function validationError(
  member: string,
  value: string | number | undefined,
  constraint: string,
): ServiceError {
  const shown = value === undefined ? 'null' : `'${String(value)}'`;
  return new ServiceError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
