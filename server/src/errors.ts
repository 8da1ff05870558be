import * as v from 'valibot';
import type { ErrorCode } from '@tandem/protocol';

/** An expected failure at the edge: the request helper turns it into `{ ok: false, error: { code, message } }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const roomNotFound = () => new AppError('NOT_FOUND', 'room not found');
export const notAMember = () => new AppError('FORBIDDEN', 'not a member of this room');

/** The first validation issue as `field: problem`, for `INVALID_PAYLOAD` messages. */
export function describeIssues(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  const [first] = issues;
  const field = v.getDotPath(first);
  return field ? `${field}: ${first.message}` : first.message;
}
