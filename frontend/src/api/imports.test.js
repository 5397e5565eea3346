import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { XhrStandIn } from '../features/history/xhrStandIn'
import { everythingExportUrl, importHistory } from './imports'

const exportFile = () => new File(['{"conversations": []}'], 'conversations.json', { type: 'application/json' })

describe('importHistory', () => {
  beforeEach(() => vi.stubGlobal('XMLHttpRequest', XhrStandIn))
  afterEach(() => {
    vi.unstubAllGlobals()
    XhrStandIn.reset()
  })

  it('posts the file as the form field "file", follows the upload, and resolves with the answer', async () => {
    const progress = []
    const onUploaded = vi.fn()
    const answer = { imported: 1, skipped: 0, conversations: [{ id: 'c1', title: 'Tides', source: 'chatgpt' }], warnings: [] }
    const done = importHistory(exportFile(), { onProgress: (loaded, total) => progress.push([loaded, total]), onUploaded })
    const xhr = XhrStandIn.last
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('http://localhost:8000/api/import')
    expect(xhr.body).toBeInstanceOf(FormData)
    expect(xhr.body.get('file').name).toBe('conversations.json')
    xhr.progress(10, 40)
    xhr.progress(40, 40)
    xhr.uploaded()
    expect(onUploaded).toHaveBeenCalledTimes(1)
    xhr.respond(200, answer)
    await expect(done).resolves.toEqual(answer)
    expect(progress).toEqual([
      [10, 40],
      [40, 40],
    ])
  })

  it('reports an upload of unknown size with a null total', () => {
    const progress = []
    importHistory(exportFile(), { onProgress: (loaded, total) => progress.push([loaded, total]) }).catch(() => {})
    XhrStandIn.last.progress(5)
    expect(progress).toEqual([[5, null]])
  })

  it.each([
    [413, 'The file is larger than the import limit of 200 MB.'],
    [415, 'Choose a .json or .zip export file.'],
    [422, 'This is not an export we can read: ChatGPT, Open WebUI, LibreChat or Chat AI.'],
  ])('rejects a %i with the backend’s sentence and the status', async (status, detail) => {
    const done = importHistory(exportFile())
    XhrStandIn.last.respond(status, { detail })
    await expect(done).rejects.toMatchObject({ name: 'ApiError', message: detail, status })
  })

  it('rejects an answer without a sentence with its status line', async () => {
    const done = importHistory(exportFile())
    XhrStandIn.last.respond(502, '<html>Bad gateway</html>', 'Bad Gateway')
    await expect(done).rejects.toMatchObject({ message: 'The backend answered HTTP 502 Bad Gateway', status: 502 })
  })

  it('says when the backend cannot be reached', async () => {
    const done = importHistory(exportFile())
    XhrStandIn.last.fail()
    await expect(done).rejects.toMatchObject({
      message: 'Cannot reach the backend at http://localhost:8000 to import conversations.json.',
      code: 'backend_unreachable',
    })
  })

  it('aborts the upload when its signal does, rejecting with an AbortError', async () => {
    const controller = new AbortController()
    const done = importHistory(exportFile(), { signal: controller.signal })
    controller.abort()
    await expect(done).rejects.toMatchObject({ name: 'AbortError' })
    expect(XhrStandIn.last.aborted).toBe(true)
  })

  it('sends nothing when its signal was aborted already', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(importHistory(exportFile(), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
    expect(XhrStandIn.requests).toHaveLength(0)
  })
})

describe('everythingExportUrl', () => {
  it('is the backend’s zip of everything', () => {
    expect(everythingExportUrl()).toBe('http://localhost:8000/api/export?format=zip')
  })
})
