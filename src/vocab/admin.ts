/**
 * Words of the Monarch mesh admin API that meshscope's client and its mock both use: its stable
 * error codes and the HTTP status the server answers each with (reference/monarch.md).
 */

/** The stable error codes of the admin API (clients branch on these, not on the HTTP status). */
export const ADMIN_ERROR_CODES = ['not_found', 'bad_request', 'gateway_timeout', 'service_unavailable', 'internal_error'] as const;

/** HTTP status the admin server answers for an error code. */
export function adminStatusForCode(code: string): number {
  switch (code) {
    case 'not_found':
      return 404;
    case 'bad_request':
      return 400;
    case 'gateway_timeout':
      return 504;
    case 'service_unavailable':
      return 503;
    default:
      return 500;
  }
}
