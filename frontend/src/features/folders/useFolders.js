import { useCallback, useEffect, useState } from 'react'
import { api } from '../../services/api'

/**
 * The folders (in order) and what each one's own request listed: `create(name)` and
 * `rename(id, name)` answer the folder, or throw the backend's sentence (a name taken);
 * `remove(id)` deletes one (its conversations stay, in no folder); `loadContents(id)` asks for
 * every conversation filed there (the list's pages may not have reached the older ones).
 */
export function useFolders() {
  const [folders, setFolders] = useState([])
  const [contents, setContents] = useState({})

  const reload = useCallback(async () => {
    try {
      setFolders(await api.getFolders())
    } catch {
      // The health banner says when the backend cannot be reached; the folders come with it.
    }
  }, [])

  useEffect(() => {
    reload()
  }, [reload])

  const create = useCallback(async (name) => {
    const folder = await api.createFolder(name)
    setFolders((current) => [...current, folder].sort((a, b) => a.position - b.position))
    return folder
  }, [])

  const rename = useCallback(async (id, name) => {
    const folder = await api.updateFolder(id, { name })
    setFolders((current) => current.map((f) => (f.id === id ? folder : f)))
    return folder
  }, [])

  const remove = useCallback(
    async (id) => {
      await api.deleteFolder(id)
      await reload() // the others' positions closed up
    },
    [reload],
  )

  const loadContents = useCallback(async (id) => {
    try {
      const listed = await api.getConversations({ folderId: id })
      setContents((current) => ({ ...current, [id]: listed }))
    } catch {
      // Shown from the pages loaded so far; opening it again asks again.
    }
  }, [])

  return { folders, contents, create, rename, remove, loadContents, reload }
}
