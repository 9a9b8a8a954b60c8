// The REST API as the console calls it. Errors arrive as problem details
// (application/problem+json) and leave here as ApiError with the server's own words.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** The header that tells the server this is the console: no BASIC dialog, and changes are ours. */
const CONSOLE_HEADERS = { 'X-Katka-Console': '1', Accept: 'application/json' };

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { ...CONSOLE_HEADERS };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    // The session ended (timeout, restart): log in again.
    location.assign('login.html');
    throw new ApiError('Logged out', 401);
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(problem?.detail || problem?.title || `${response.status} ${response.statusText}`, response.status);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export const path = (strings, ...values) =>
  strings.reduce((text, string, i) => text + string + (i < values.length ? encodeURIComponent(values[i]) : ''), '');

/** Who is logged in: {user, admin}. */
export const session = () => api('session');
