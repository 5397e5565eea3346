// Your history in and out: uploading an export to import it, and the address of the archive of
// everything. The upload goes over XMLHttpRequest because fetch reports no upload progress, and
// an export can be hundreds of megabytes; errors read like api/http.js's (the backend's sentence).
import { ApiError, BACKEND_ADDRESS, describeDetail, urlFor } from './http'

export const IMPORT_PATH = '/api/import'

function parsed(text) {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function errorFromXhr(xhr) {
  const body = parsed(xhr.responseText)
  const detail = describeDetail(body?.detail)
  return new ApiError(detail || `The backend answered HTTP ${xhr.status} ${xhr.statusText}`.trim(), {
    status: xhr.status,
    code: body?.code ?? null,
  })
}

/**
 * Upload an export file (.json or .zip) to be imported. Resolves with the backend's answer
 * `{ imported, skipped, conversations: [{ id, title, source }], warnings }`; rejects with an
 * ApiError carrying its sentence, or with an AbortError when `signal` aborts. `onProgress(loaded,
 * total)` follows the upload (total null when the browser cannot tell); `onUploaded()` says the
 * file is all sent and the backend is reading it.
 */
export function importHistory(file, { onProgress, onUploaded, signal } = {}) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The import was cancelled.', 'AbortError'))
      return
    }
    const xhr = new XMLHttpRequest()
    xhr.withCredentials = true // the session cookie, as fetch sends it (api/http.js)
    const abort = () => xhr.abort()
    const settle = (finish, value) => {
      signal?.removeEventListener('abort', abort)
      finish(value)
    }
    xhr.open('POST', urlFor(IMPORT_PATH))
    xhr.upload.addEventListener('progress', (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : null))
    xhr.upload.addEventListener('load', () => onUploaded?.())
    xhr.addEventListener('load', () => {
      if (xhr.status < 200 || xhr.status >= 300) return settle(reject, errorFromXhr(xhr))
      const body = parsed(xhr.responseText)
      if (!body) return settle(reject, new ApiError('The backend answered the import with something other than JSON.', { status: xhr.status }))
      return settle(resolve, body)
    })
    xhr.addEventListener('error', () =>
      settle(reject, new ApiError(`Cannot reach the backend at ${BACKEND_ADDRESS} to import ${file.name}.`, { code: 'backend_unreachable' })),
    )
    xhr.addEventListener('abort', () => settle(reject, new DOMException('The import was cancelled.', 'AbortError')))
    signal?.addEventListener('abort', abort)
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

/** Every conversation (trees, settings, attachments) as one zip, which importHistory restores. */
export function everythingExportUrl() {
  return urlFor('/api/export?format=zip')
}
