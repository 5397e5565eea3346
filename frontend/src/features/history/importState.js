// Where an import is: 'idle' (choosing a file), 'uploading' (bytes sent so far), 'reading' (all
// sent; the backend reads it), 'done' (its answer) or 'error' (the backend's sentence).

export const initialImport = { status: 'idle', fileName: null, loaded: 0, total: null, result: null, error: null, note: null }

export function importReducer(state, action) {
  switch (action.type) {
    case 'import/started':
      return { ...initialImport, status: 'uploading', fileName: action.fileName, total: action.size ?? null }
    case 'import/progress':
      return state.status === 'uploading' ? { ...state, loaded: action.loaded, total: action.total ?? state.total } : state
    case 'import/uploaded':
      return state.status === 'uploading' ? { ...state, status: 'reading', loaded: state.total ?? state.loaded } : state
    case 'import/finished':
      return { ...state, status: 'done', result: action.result }
    case 'import/failed':
      return { ...state, status: 'error', error: action.message }
    case 'import/cancelled':
      return { ...initialImport, note: `The upload of ${state.fileName} was cancelled: nothing was imported.` }
    case 'import/reset':
      return initialImport
    default:
      throw new Error(`Unknown import action: ${action.type}`)
  }
}

/** Whether a file looks like an export we can import (by its name, else its type). */
export function isExportFile(file) {
  return /\.(json|zip)$/i.test(file.name ?? '') || /(json|zip)/.test(file.type ?? '')
}
