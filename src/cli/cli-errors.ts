/** A mistake in how the CLI was invoked: exit code 2, with a pointer to `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure outside the API (a port in use, say): exit code 1, its message shown as is. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}
