// The backend stand-in's folders (GET/POST/PATCH/DELETE /api/folders), as backend/api/folders.py
// answers: in order, names unique in any case, deleting one keeps its conversations.
import { http, HttpResponse } from 'msw'
import { backend, newId } from './backendState'

const BASE = 'http://localhost:8000'

const renumbered = () => backend.folders.forEach((folder, position) => Object.assign(folder, { position }))
const taken = (name, otherThan) => backend.folders.some((f) => f.id !== otherThan && f.name.toLowerCase() === name.toLowerCase())
const nameTaken = (name) =>
  HttpResponse.json({ detail: `A folder named '${name}' already exists (names are compared without case).` }, { status: 409 })
const folderNotFound = () => HttpResponse.json({ detail: 'Folder not found' }, { status: 404 })

/** A folder the test starts with. */
export function addFolder(name) {
  const folder = { id: newId('folder'), name, position: backend.folders.length }
  backend.folders.push(folder)
  return folder.id
}

export const folderHandlers = [
  http.get(`${BASE}/api/folders`, () => HttpResponse.json(backend.folders)),
  http.post(`${BASE}/api/folders`, async ({ request }) => {
    const { name } = await request.json()
    const trimmed = name.trim()
    if (taken(trimmed)) return nameTaken(trimmed)
    const folder = { id: newId('folder'), name: trimmed, position: backend.folders.length }
    backend.folders.push(folder)
    return HttpResponse.json(folder, { status: 201 })
  }),
  http.patch(`${BASE}/api/folders/:id`, async ({ params, request }) => {
    const folder = backend.folders.find((f) => f.id === params.id)
    if (!folder) return folderNotFound()
    const { name, position } = await request.json()
    if (name !== undefined) {
      if (taken(name.trim(), folder.id)) return nameTaken(name.trim())
      folder.name = name.trim()
    }
    if (position !== undefined) {
      backend.folders = backend.folders.filter((f) => f !== folder)
      backend.folders.splice(position, 0, folder)
    }
    renumbered()
    return HttpResponse.json(folder)
  }),
  http.delete(`${BASE}/api/folders/:id`, ({ params }) => {
    if (!backend.folders.some((f) => f.id === params.id)) return folderNotFound()
    backend.folders = backend.folders.filter((f) => f.id !== params.id)
    renumbered()
    for (const conversation of backend.conversations) {
      if (conversation.folder_id === params.id) conversation.folder_id = null
    }
    return new HttpResponse(null, { status: 204 })
  }),
]
