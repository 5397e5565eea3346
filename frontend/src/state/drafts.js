// What the user is typing, per conversation, in the browser's storage: it survives a reload, a
// switch of conversation and a message the backend refused, and goes only once one is accepted.
const PREFIX = 'client-chat:draft:'
const NEW_CONVERSATION = 'new'

function key(conversationId) {
  return PREFIX + (conversationId || NEW_CONVERSATION)
}

function storage() {
  try {
    return window.localStorage
  } catch {
    return null // storage disabled: drafts live as long as the page
  }
}

export function loadDraft(conversationId) {
  return storage()?.getItem(key(conversationId)) ?? ''
}

export function saveDraft(conversationId, text) {
  try {
    if (text) storage()?.setItem(key(conversationId), text)
    else storage()?.removeItem(key(conversationId))
  } catch {
    // full or disabled storage: the draft stays in the box for as long as the page is open
  }
}

export function clearDraft(conversationId) {
  saveDraft(conversationId, '')
  saveDraftFiles(conversationId, [])
}

// The files attached to a draft (uploaded already: their descriptions), kept the same way.
const FILES_PREFIX = 'client-chat:draft-files:'

export function loadDraftFiles(conversationId) {
  try {
    const saved = JSON.parse(storage()?.getItem(FILES_PREFIX + (conversationId || NEW_CONVERSATION)) ?? '[]')
    return Array.isArray(saved) ? saved.filter((file) => file && typeof file.id === 'string') : []
  } catch {
    return []
  }
}

export function saveDraftFiles(conversationId, files) {
  const name = FILES_PREFIX + (conversationId || NEW_CONVERSATION)
  try {
    if (files.length) storage()?.setItem(name, JSON.stringify(files))
    else storage()?.removeItem(name)
  } catch {
    // as for the text: kept while the page is open
  }
}
