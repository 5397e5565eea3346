// The conversation list: its pages, creating, renaming and searching conversations, and deleting
// them with a few seconds to take it back.
import { api } from '../../services/api'
import { clearDraft } from '../drafts'
import { selectListed } from './selectors'

// Conversations listed per page; the sidebar asks for the next page as it is scrolled.
export const CONVERSATION_PAGE = 50
// How long a deleted conversation can be had back with Undo.
export const UNDO_DELETE_MS = 6000
const DEFAULT_TITLE = 'New Conversation'

export function createConversationsActions({ dispatch, getState, chat }) {
  let loadingMore = false
  const deleteTimers = new Map()
  // Conversations that were open when deleted: Undo opens them again.
  const openWhenDeleted = new Set()

  const raise = (error) => dispatch({ type: 'error/raised', message: error.message, code: error.code })

  /** The first page of the list, fresh (what was loaded below it stays). */
  const loadConversations = async () => {
    try {
      const conversations = await api.getConversations({ limit: CONVERSATION_PAGE })
      dispatch({ type: 'conversations/loaded', conversations, pageSize: CONVERSATION_PAGE })
    } catch {
      // The health banner says when the backend cannot be reached.
    }
  }

  /** The next page of the list, after the last conversation shown. */
  const loadMoreConversations = async () => {
    const { list, hasMore } = getState().conversations
    if (!hasMore || loadingMore || !list.length) return
    loadingMore = true
    try {
      const page = await api.getConversations({ limit: CONVERSATION_PAGE, before: list[list.length - 1].cursor })
      dispatch({ type: 'conversations/more', conversations: page, pageSize: CONVERSATION_PAGE })
    } catch {
      // Scrolling again tries again; the health banner says when the backend is down.
    } finally {
      loadingMore = false
    }
  }

  /** Create an empty conversation and open it (the page itself begins conversations with their
   * first message: see beginConversation). */
  const createConversation = async () => {
    try {
      const conversation = await api.createConversation()
      dispatch({ type: 'conversation/created', conversation })
      chat.switchConversation(conversation.id)
      return conversation
    } catch (error) {
      raise(error)
      return null
    }
  }

  const renameConversation = async (id, title) => {
    const trimmed = title.trim()
    if (!trimmed) return
    try {
      dispatch({ type: 'conversation/updated', conversation: await api.updateConversation(id, { title: trimmed }) })
    } catch (error) {
      raise(error)
    }
  }

  /** File a conversation in a folder (`folder_id`, null: none) or pin it (`pinned`): neither is
   * activity, so it keeps its place in time. Throws the backend's sentence, for the dialog to say. */
  const placeConversation = async (id, changes) => {
    dispatch({ type: 'conversation/updated', conversation: await api.updateConversation(id, changes) })
  }

  /** The same, from a click or a drop: a failure is said in the page's error notice. */
  const fileConversation = async (id, changes) => {
    try {
      await placeConversation(id, changes)
    } catch (error) {
      raise(error)
    }
  }

  /** A folder was deleted: its conversations stay, in no folder. */
  const forgetFolder = (folderId) => dispatch({ type: 'folder/deleted', folderId })

  /** Delete a conversation, with a few seconds to take it back (Undo; the open one opens again):
   * it is hidden at once and deleted when the time is up. Closing the tab meanwhile deletes nothing. */
  const deleteConversation = (id) => {
    const state = getState()
    const { summary } = state.conversation
    const conversation = selectListed(state, id) ?? (summary?.id === id ? summary : { id, title: DEFAULT_TITLE })
    dispatch({ type: 'conversation/deleting', conversation })
    if (chat.isOpen(id)) {
      openWhenDeleted.add(id)
      chat.leaveConversation()
    }
    clearTimeout(deleteTimers.get(id))
    deleteTimers.set(
      id,
      setTimeout(async () => {
        deleteTimers.delete(id)
        openWhenDeleted.delete(id)
        try {
          await api.deleteConversation(id)
        } catch (error) {
          if (error.status !== 404) {
            dispatch({ type: 'conversation/restored', conversation })
            dispatch({ type: 'error/raised', message: `Could not delete “${conversation.title}”: ${error.message}` })
            return
          }
        }
        clearDraft(id) // nothing left to send it to
        dispatch({ type: 'conversation/deleted', id })
      }, UNDO_DELETE_MS),
    )
  }

  const undoDelete = (id) => {
    clearTimeout(deleteTimers.get(id))
    deleteTimers.delete(id)
    const conversation = getState().conversations.pendingDeletions.find((c) => c.id === id)
    if (conversation) dispatch({ type: 'conversation/restored', conversation })
    // It was open, and deleting it left the start page: back to it, as if never deleted (unless
    // another conversation was opened since).
    if (openWhenDeleted.delete(id) && chat.isOpen(null)) chat.returnToConversation(id)
  }

  /** Conversations whose title or messages have the words of `query`, each with its matching
   * message and a snippet of it (null when the search failed). */
  const searchConversations = async (query, signal) => {
    try {
      return await api.getConversations({ query, signal })
    } catch {
      return null
    }
  }

  return {
    actions: {
      loadConversations,
      loadMoreConversations,
      createConversation,
      renameConversation,
      placeConversation,
      fileConversation,
      forgetFolder,
      deleteConversation,
      undoDelete,
      searchConversations,
    },
    internal: {},
    start: () => {
      loadConversations()
    },
  }
}
