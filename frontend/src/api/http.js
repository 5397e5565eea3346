// HTTP to the backend: the one module that calls fetch. Every non-2xx answer becomes an ApiError
// carrying the backend's `detail` (a sentence a person can act on) and its `code`.

// "/": the page is served by the backend itself (./start.sh --serve), so the API is on the page's
// own origin, whatever address it was reached by (a LAN address, a name, a proxy).
const configured = import.meta.env.VITE_API_BASE_URL
export const API_BASE_URL = configured === '/' ? '' : configured || 'http://localhost:8000'
export const BACKEND_ADDRESS = API_BASE_URL || globalThis.location?.origin || 'this address'

const UNREACHABLE = `Cannot reach the backend at ${BACKEND_ADDRESS}. Start it with ./start-backend.sh and try again.`

export class ApiError extends Error {
  constructor(message, { status = 0, code = null } = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

// FastAPI validation errors are a list of {loc, msg}; everything else is a sentence.
export function describeDetail(detail) {
  if (Array.isArray(detail)) {
    return detail
      .map((item) => {
        const field = (item.loc || []).filter((part) => part !== 'body').join('.')
        return field ? `${field}: ${item.msg}` : item.msg
      })
      .join('; ')
  }
  if (typeof detail === 'string') return detail
  return detail == null ? '' : JSON.stringify(detail)
}

async function errorFromResponse(response) {
  let detail = ''
  let code = null
  try {
    const body = await response.json()
    detail = describeDetail(body.detail)
    code = body.code ?? null
  } catch {
    // not JSON: fall back to the status line
  }
  return new ApiError(detail || `The backend answered HTTP ${response.status} ${response.statusText}`.trim(), {
    status: response.status,
    code,
  })
}

// With accounts on, any answer 401 means the session is over (signed out elsewhere, a new
// password, an account removed): the page shows the sign-in again (features/account). Signing
// in and asking who is signed in answer 401 as part of their own job, so they do not count.
const OWN_401 = new Set(['/api/auth/login', '/api/auth/me'])
const signInListeners = new Set()

/** Call `listener` whenever the backend wants a sign-in; returns the unsubscribe function. */
export function onSignInNeeded(listener) {
  signInListeners.add(listener)
  return () => signInListeners.delete(listener)
}

/** The backend's address of an API path (for links and images the browser loads itself). */
export function urlFor(path) {
  return `${API_BASE_URL}${path}`
}

/**
 * One request; resolves with the Response once the backend answered 2xx. `body`: a FormData goes
 * as it is (multipart), anything else as JSON. `unreachable`: the sentence when the backend
 * cannot be reached at all. An abort rejects with the AbortError itself.
 */
export async function request(path, { method = 'GET', body, signal, headers, unreachable = UNREACHABLE } = {}) {
  const isForm = body instanceof FormData
  let response
  try {
    response = await fetch(urlFor(path), {
      method,
      signal,
      // The session cookie: the development page (another port of the same site) sends it too.
      credentials: 'include',
      headers: body === undefined || isForm ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined || isForm ? body : JSON.stringify(body),
    })
  } catch (error) {
    if (error.name === 'AbortError') throw error
    throw new ApiError(unreachable, { code: 'backend_unreachable' })
  }
  if (response.status === 401 && !OWN_401.has(path.split('?')[0])) signInListeners.forEach((listener) => listener())
  if (!response.ok) throw await errorFromResponse(response)
  return response
}

export async function requestJson(path, options) {
  const response = await request(path, options)
  return response.json()
}
