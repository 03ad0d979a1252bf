/**
 * Invalid input to a trial-evaluation function: an option out of range, a non-finite
 * value or inconsistent intervals. The message names the value and the accepted range.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}
