// The sidebar's sections: Pinned first, then each folder, then everything else (grouped by date
// elsewhere). A pinned conversation shows under Pinned only, wherever it is filed. A folder lists
// the conversations of the pages loaded so far, and those its own request brought (`contents`,
// by folder id: a folder opened before the list scrolled down to its older conversations). Pure.

/** { pinned, folders: [{ folder, conversations }], rest } for the list and the folders. */
export function splitSections(list, folders, contents = {}) {
  const known = new Set(folders.map((folder) => folder.id))
  const listed = new Set(list.map((conversation) => conversation.id))
  const pinned = list.filter((conversation) => conversation.pinned)
  const rest = list.filter((conversation) => !conversation.pinned && !known.has(conversation.folder_id))
  const filed = folders.map((folder) => {
    const fromList = list.filter((c) => !c.pinned && c.folder_id === folder.id)
    const fetched = (contents[folder.id] ?? []).filter((c) => !listed.has(c.id) && !c.pinned && c.folder_id === folder.id)
    return { folder, conversations: [...fromList, ...fetched] }
  })
  return { pinned, folders: filed, rest }
}

/** The conversation dragged (its id), as a drag carries it between rows and folders. */
export const CONVERSATION_DRAG_TYPE = 'application/x-client-chat-conversation'
