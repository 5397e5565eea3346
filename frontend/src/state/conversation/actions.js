// The open conversation: which one the URL names, its messages and branches, its settings, the
// start page that begins one with its first message, and conversations derived from it (a fork, a
// continuation).
import { startTransition } from 'react'
import { api } from '../../services/api'
import { conversationIdFromHash, messageIdFromHash, navigateTo, replaceRoute } from '../../utils/route'
import { focusMessageBox } from '../../utils/focus'
import { clearDraft } from '../drafts'
import { selectIsReplying } from '../reply/selectors'
import { createPendingSettings } from './pendingSettings'

const MISSING_CONVERSATION = 'That conversation no longer exists, so here is the start page instead.'

export function createConversationActions({ dispatch, getState, chat }) {
  // Which conversation the page shows, set synchronously: an answer for another is dropped.
  let openId = null

  const raise = (error) => dispatch({ type: 'error/raised', message: error.message, code: error.code })

  const loadMessages = async (id) => {
    try {
      dispatch({ type: 'messages/loaded', id, messages: await api.getMessages(id) })
    } catch (error) {
      dispatch({ type: 'messages/failed', id, error: error.message })
    }
  }

  /** After a reply: the active path again, with the ids and siblings only the backend knows. A
   * reply may be followed by another the backend began by itself (a continued conversation answers
   * the question it brought along once its summary is written): that one is followed too. */
  const refreshPath = async (id) => {
    if (openId !== id) return
    try {
      const [messages, conversation] = await Promise.all([api.getMessages(id), api.getConversation(id)])
      if (openId !== id || chat.isReplying()) return
      if (conversation.is_generating) {
        // At once, not in a transition: the reply attached next checks, as it starts, whether its
        // question is shown, and reads the state on screen — where a pending transition is not.
        dispatch({ type: 'messages/loaded', id, messages })
        chat.attachReply(id)
        return
      }
      // In the background, and in order after the stored reply (itself in a transition).
      startTransition(() => dispatch({ type: 'messages/loaded', id, messages }))
    } catch {
      // what is shown stays; the next open loads it again
    }
  }

  /** Show a conversation (or the start page for null), at a message if one is named; the URL
   * has already changed. */
  const openConversation = async (id, { notice = null, messageId = null } = {}) => {
    chat.leaveReply() // the reply goes on in the backend; we attach again on return
    openId = id
    dispatch({ type: 'conversation/opened', id, notice, messageId })
    if (!id) return
    try {
      let [messages, conversation] = await Promise.all([api.getMessages(id), api.getConversation(id)])
      // A reply that ended between the two answers: the messages were read before it was stored.
      if (!conversation.is_generating && (messages.at(-1)?.id ?? null) !== conversation.active_message_id) {
        messages = await api.getMessages(id)
      }
      if (openId !== id) return // the user moved on meanwhile
      dispatch({ type: 'conversation/summary', conversation })
      dispatch({ type: 'messages/loaded', id, messages })
      if (conversation.is_generating) chat.attachReply(id)
    } catch (error) {
      if (openId !== id) return
      if (error.status === 404) {
        replaceRoute(null)
        openId = null
        dispatch({ type: 'conversation/opened', id: null, notice: MISSING_CONVERSATION })
      } else {
        dispatch({ type: 'messages/failed', id, error: error.message })
      }
    }
  }

  const openFromUrl = () => openConversation(conversationIdFromHash(), { messageId: messageIdFromHash() })

  /** The start page instead, without a history entry pointing at what was open (being deleted). */
  const leaveConversation = () => {
    replaceRoute(null)
    openConversation(null)
  }

  /** Open again the conversation leaveConversation left (its deletion was undone), in its place
   * in the history. */
  const returnToConversation = (id) => {
    replaceRoute(id)
    openConversation(id)
  }

  const switchConversation = (id, messageId = null) => {
    // hashchange normally does it; jsdom may not fire it
    if (!navigateTo(id, messageId)) openConversation(id, { messageId })
  }

  /** New Chat: the start page, its box ready; the conversation is created by the first message.
   * An open conversation with nothing in it yet is used as it is rather than piling up another. */
  const startNewChat = () => {
    const state = getState()
    const { id, messages, isLoading } = state.conversation
    const isEmpty = id && !isLoading && !selectIsReplying(state) && messages.length === 0
    if (id && !isEmpty) switchConversation(null)
    focusMessageBox()
  }

  /** The start page's first message: create its conversation (with the settings chosen there) and
   * open it in place, without a history entry or a reload of the page's state. The id, or null
   * when the backend refused (`onRefused` has the sentence). */
  const beginConversation = async (onRefused) => {
    const settings = getState().settings.newChat
    let conversation
    try {
      conversation = await api.createConversation()
      if (Object.keys(settings).length) conversation = await api.updateConversation(conversation.id, settings)
    } catch (error) {
      onRefused?.(error.message, { code: error.code })
      if (error.code === 'backend_unreachable') chat.checkHealth()
      return null
    }
    if (openId !== null) {
      // The user opened another conversation meanwhile: this one stays, empty, in the list.
      dispatch({ type: 'conversation/created', conversation })
      return null
    }
    openId = conversation.id
    replaceRoute(conversation.id)
    dispatch({ type: 'conversation/begun', conversation })
    return conversation.id
  }

  /** A conversation begun by a first message the backend then refused (nothing is stored in it):
   * deleted rather than left in the list as an empty "New Conversation", and, when it is open, the
   * start page again, with the settings chosen there (`newChat`); the box keeps what was typed. */
  const withdrawConversation = async (id, newChat) => {
    if (openId === id) {
      openId = null
      replaceRoute(null)
    }
    dispatch({ type: 'conversation/withdrawn', id, newChat })
    clearDraft(id) // the box's draft is the start page's again
    try {
      await api.deleteConversation(id)
    } catch {
      // Unreachable now: the empty conversation shows up in the list again, to delete by hand.
    }
  }

  /** The open conversation's id, unless a reply runs in it (what changes its path waits). */
  const idleOpenId = () => (chat.isReplying() ? null : getState().conversation.id)

  /** Show another branch: the one through `messageId`, down to its newest message. */
  const switchBranch = async (messageId) => {
    const id = idleOpenId()
    if (!id) return
    try {
      dispatch({ type: 'messages/loaded', id, messages: await api.setActive(id, messageId) })
    } catch (error) {
      raise(error)
    }
  }

  /** Delete a message and what follows it (the user has confirmed). */
  const deleteBranch = async (messageId) => {
    const id = idleOpenId()
    if (!id) return
    try {
      await api.deleteBranch(id, messageId)
    } catch (error) {
      if (error.status !== 404) raise(error)
    }
    loadMessages(id)
    chat.loadConversations()
  }

  /** Open the conversation `derive(openId)` makes from the open one (a fork, a continuation). */
  const openDerived = async (derive) => {
    const id = getState().conversation.id
    if (!id) return
    try {
      const conversation = await derive(id)
      dispatch({ type: 'conversation/created', conversation })
      switchConversation(conversation.id)
    } catch (error) {
      raise(error)
    }
  }

  /** A new conversation with a copy of the path up to `messageId`, opened. */
  const forkConversation = (messageId) => openDerived((id) => api.fork(id, messageId))

  /** Go on in a new conversation from this one, which outgrew the context window: from its last
   * messages, or from a summary the model writes (its reply runs in the new conversation). */
  const continueElsewhere = (startFrom) => !chat.isReplying() && openDerived((id) => api.continueConversation(id, startFrom))

  /** Change a conversation's model, system prompt, sampling…; whether it was saved. */
  const saveSettingsOf = async (id, changes) => {
    try {
      dispatch({ type: 'conversation/updated', conversation: await api.updateConversation(id, changes) })
      return true
    } catch (error) {
      raise(error)
      return false
    }
  }

  const pendingSettings = createPendingSettings(saveSettingsOf)

  /** Change the open conversation's settings now; whether they were saved. */
  const updateConversationSettings = async (changes) => {
    const id = getState().conversation.id
    return id ? saveSettingsOf(id, changes) : false
  }

  /** Change the open conversation's settings as they are typed: saved once the typing pauses (or
   * at the next flush); whether they were saved. On the start page they are simply kept for the
   * conversation its first message begins. */
  const saveSettingsSoon = (changes) => {
    const id = getState().conversation.id
    if (!id) return chat.updateNewChatSettings(changes)
    return pendingSettings.queue(id, changes)
  }

  /** Save the settings changes still waiting, now: a promise of that, or null when none wait. */
  const flushSettings = () => pendingSettings.flush()

  /** Let this conversation leave out the middle of its history when it does not fit, and write
   * the failed reply again that way. */
  const dropMiddleAndRetry = async () => {
    if (!idleOpenId()) return
    if (await updateConversationSettings({ context_overflow: 'truncate_middle' })) await chat.retry()
  }

  const clearError = () => dispatch({ type: 'error/cleared' })

  // The URL decides which conversation is open: on load, and on back/forward.
  const start = () => {
    openFromUrl()
    window.addEventListener('hashchange', openFromUrl)
    return () => window.removeEventListener('hashchange', openFromUrl)
  }

  return {
    actions: {
      loadMessages,
      switchConversation,
      startNewChat,
      switchBranch,
      deleteBranch,
      forkConversation,
      continueElsewhere,
      updateConversationSettings,
      saveSettingsSoon,
      flushSettings,
      dropMiddleAndRetry,
      clearError,
    },
    internal: { isOpen: (id) => openId === id, refreshPath, beginConversation, withdrawConversation, leaveConversation, returnToConversation },
    start,
  }
}
