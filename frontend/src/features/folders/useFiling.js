import { useMemo, useState } from 'react'
import { useExpandedFolders } from './useExpandedFolders'
import { useFolders } from './useFolders'

/**
 * Everything the sidebar needs to file conversations: the folders and which are open (`filing`,
 * for ConversationList), pinning, the Move to… and delete-folder dialogs' subjects, and a new
 * folder. `placeConversation` throws the backend's sentence; `fileConversation` says it in the
 * page's notice; `forgetFolder` takes a deleted folder's conversations out of it in the list.
 */
export function useFiling({ placeConversation, fileConversation, forgetFolder }) {
  const folders = useFolders()
  const [open, toggle] = useExpandedFolders()
  const [moving, setMoving] = useState(null) // the conversation Move to… is for
  const [deleting, setDeleting] = useState(null) // { folder, count }
  // Only what ConversationList reads, so the list's sections are split again only when it changes.
  const { folders: listed, contents, rename, loadContents } = folders

  const filing = useMemo(
    () => ({
      folders: listed,
      contents,
      open,
      onToggle: (id) => {
        if (!open.has(id)) loadContents(id)
        toggle(id)
      },
      onRename: rename,
      onDelete: (folder, count) => setDeleting({ folder, count }),
      onDropConversation: (conversationId, folderId) => fileConversation(conversationId, { folder_id: folderId }),
    }),
    [listed, contents, open, toggle, rename, loadContents, fileConversation],
  )

  return {
    filing,
    folders: listed,
    createFolder: async (name) => {
      const folder = await folders.create(name)
      toggle(folder.id, true)
      return folder
    },
    pin: (conversation) => fileConversation(conversation.id, { pinned: !conversation.pinned }),
    moving,
    startMoving: setMoving,
    stopMoving: () => setMoving(null),
    moveTo: (folderId) => placeConversation(moving.id, { folder_id: folderId }),
    deleting,
    cancelDelete: () => setDeleting(null),
    confirmDelete: async () => {
      const { folder } = deleting
      setDeleting(null)
      try {
        await folders.remove(folder.id)
      } catch {
        await folders.reload() // deleted elsewhere meanwhile (404), or the backend is away: show what is there
        return
      }
      forgetFolder(folder.id)
    },
  }
}
