import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef } from 'react'
import { api, replyTransport } from '../services/api'
import { messageStatusFor } from '../api/events'
import { DEFAULT_TITLE, chatReducer, initialState } from './chatReducer'
import { conversationIdFromHash, messageIdFromHash, navigateTo, replaceRoute } from '../utils/route'
import { clearDraft } from '../utils/drafts'
import { focusMessageBox } from '../utils/focus'
import { cancelFrame, scheduleFrame } from '../utils/frame'
import { chatModels } from '../utils/catalog'

const ChatContext = createContext(null)

export const APP_NAME = 'Chat AI'

// LM Studio's state is polled often while it is down, so the banner clears soon after it is back.
export const HEALTH_DOWN_INTERVAL_MS = 5000
export const HEALTH_UP_INTERVAL_MS = 30000
// Conversations listed per page; the sidebar asks for the next page as it is scrolled.
export const CONVERSATION_PAGE = 50
const MISSING_CONVERSATION = 'That conversation no longer exists, so here is the start page instead.'
// How long a deleted conversation can be had back with Undo.
export const UNDO_DELETE_MS = 6000

// Keys for messages shown before the backend has named them (see keepLocalKeys in the reducer).
let localKeys = 0
const nextLocalKey = () => `local-${++localKeys}`

export const ChatProvider = ({ children }) => {
  const [state, dispatch] = useReducer(chatReducer, initialState)
  // Latest state for callbacks that must not be re-created on every render.
  const stateRef = useRef(state)
  stateRef.current = state
  // The one stream this page reads: { conversationId, controller }. Set synchronously,
  // so two quick clicks cannot start two replies.
  const streamRef = useRef(null)
  const openIdRef = useRef(null)
  const healthTimerRef = useRef(null)
  const checkHealthRef = useRef(() => {})

  /** The models LM Studio has, loaded or not; `fresh` asks LM Studio again rather than the
   * backend's list of the last seconds (the picker opening, a model loaded by a reply). */
  const loadCatalog = useCallback(async ({ fresh = false } = {}) => {
    try {
      dispatch({ type: 'catalog/loaded', catalog: await api.getCatalog({ fresh }) })
    } catch {
      // The picker keeps what it had (or the health check's list); the banner says what is down.
    }
  }, [])

  const loadDefaults = useCallback(async () => {
    try {
      dispatch({ type: 'defaults/loaded', defaults: await api.getDefaults() })
    } catch {
      // new conversations then start with the backend's defaults all the same
    }
  }, [])

  const loadPresets = useCallback(async () => {
    try {
      dispatch({ type: 'presets/loaded', presets: await api.getPresets() })
    } catch {
      // the preset lists stay as they were
    }
  }, [])

  /** The first page of the list, fresh (what was loaded below it stays). */
  const loadConversations = useCallback(async () => {
    try {
      const conversations = await api.getConversations({ limit: CONVERSATION_PAGE })
      dispatch({ type: 'conversations/loaded', conversations, pageSize: CONVERSATION_PAGE })
    } catch {
      // The health banner says when the backend cannot be reached.
    }
  }, [])

  const loadingMoreRef = useRef(false)
  /** The next page of the list, after the last conversation shown. */
  const loadMoreConversations = useCallback(async () => {
    const { conversations, hasMoreConversations } = stateRef.current
    if (!hasMoreConversations || loadingMoreRef.current || !conversations.length) return
    loadingMoreRef.current = true
    try {
      const before = conversations[conversations.length - 1].cursor
      const page = await api.getConversations({ limit: CONVERSATION_PAGE, before })
      dispatch({ type: 'conversations/more', conversations: page, pageSize: CONVERSATION_PAGE })
    } catch {
      // Scrolling again tries again; the health banner says when the backend is down.
    } finally {
      loadingMoreRef.current = false
    }
  }, [])

  const loadMessages = useCallback(async (id) => {
    try {
      dispatch({ type: 'messages/loaded', id, messages: await api.getMessages(id) })
    } catch (error) {
      dispatch({ type: 'messages/failed', id, error: error.message })
    }
  }, [])

  /** After a reply: the active path again, with the ids and siblings only the backend knows. */
  const refreshPath = useCallback(
    async (id) => {
      if (openIdRef.current !== id) return
      try {
        const messages = await api.getMessages(id)
        if (openIdRef.current === id && !streamRef.current) dispatch({ type: 'messages/loaded', id, messages })
      } catch {
        // what is shown stays; the next open loads it again
      }
    },
    [],
  )

  /**
   * Read one reply stream into state. `start(handlers, signal)` opens it (send, regenerate or
   * attach). The text is kept in local variables and flushed to React at most once per frame.
   * `onAccepted` runs when the backend took the request; `onRefused(sentence)`, when it refused it
   * before accepting (the reply never started: nothing to show in the conversation).
   */
  const followReply = useCallback(
    async (conversationId, start, { onAccepted, onRefused } = {}) => {
      streamRef.current?.controller.abort()
      const stream = { conversationId, controller: new AbortController() }
      streamRef.current = stream
      let content = ''
      let reasoning = ''
      let thinkingSince = null
      let thoughtMs = null
      let frame = null
      let accepted = false
      let modelWasLoading = false
      const isCurrent = () => streamRef.current === stream
      const flush = () => {
        frame = null
        if (isCurrent()) dispatch({ type: 'stream/delta', conversationId, content, reasoning, thoughtMs })
      }
      const schedule = () => {
        if (!frame) frame = scheduleFrame(flush)
      }
      const end = () => {
        cancelFrame(frame)
        frame = null
        const wasCurrent = isCurrent()
        if (wasCurrent) streamRef.current = null
        return wasCurrent
      }
      await start(
        {
          onAccepted: () => {
            accepted = true
            onAccepted?.()
          },
          onStart: (data) => {
            modelWasLoading = data.model_state === 'not-loaded'
            if (!isCurrent()) return
            dispatch({
              type: 'stream/started',
              conversationId,
              model: data.model,
              messageId: data.message_id,
              modelState: data.model_state,
              since: performance.now(),
            })
          },
          onDelta: (text) => {
            if (thinkingSince !== null && thoughtMs === null) thoughtMs = performance.now() - thinkingSince
            content += text
            schedule()
          },
          onReasoning: (text) => {
            if (thinkingSince === null) thinkingSince = performance.now()
            reasoning += text
            schedule()
          },
          onDone: (data) => {
            if (!end()) return
            const message = data.message ?? {
              role: 'assistant',
              content,
              reasoning: reasoning || null,
              status: messageStatusFor(data.status),
              timestamp: new Date().toISOString(),
            }
            dispatch({ type: 'stream/finished', conversationId, message })
            loadConversations()
            refreshPath(conversationId)
            if (modelWasLoading) loadCatalog({ fresh: true }) // now loaded, with its context length
          },
          onIdle: () => {
            // The reply finished between listing and attaching: its text is stored by now.
            if (!end()) return
            dispatch({ type: 'stream/closed', conversationId })
            loadMessages(conversationId)
          },
          onError: (sentence, data = {}) => {
            if (!end()) return
            if (!accepted && onRefused) {
              dispatch({ type: 'stream/closed', conversationId })
              onRefused(sentence, data)
              if (data.code === 'backend_unreachable') checkHealthRef.current()
              return
            }
            dispatch({ type: 'stream/failed', conversationId, error: sentence, code: data.code, message: data.message })
            refreshPath(conversationId)
            // Whatever broke the reply may be down for everything: the notice says so at once
            // rather than at the next poll (up to 30 s later).
            checkHealthRef.current()
            loadConversations()
          },
        },
        stream.controller.signal,
      )
      end()
    },
    [loadConversations, loadMessages, refreshPath, loadCatalog],
  )

  const attachToReply = useCallback(
    (conversationId) => {
      dispatch({ type: 'stream/opened', conversationId })
      return followReply(conversationId, (handlers, signal) => replyTransport.attach({ conversationId }, handlers, signal))
    },
    [followReply],
  )

  /** Show a conversation (or the welcome screen for null), at a message if one is named; the URL
   * has already changed. */
  const openConversation = useCallback(
    async (id, { notice = null, messageId = null } = {}) => {
      streamRef.current?.controller.abort() // the reply goes on in the backend; we re-attach on return
      streamRef.current = null
      openIdRef.current = id
      dispatch({ type: 'conversation/opened', id, notice, messageId })
      if (!id) return
      try {
        let [messages, conversation] = await Promise.all([api.getMessages(id), api.getConversation(id)])
        // A reply that ended between the two answers: the messages were read before it was stored.
        if (!conversation.is_generating && (messages.at(-1)?.id ?? null) !== conversation.active_message_id) {
          messages = await api.getMessages(id)
        }
        if (openIdRef.current !== id) return // the user moved on meanwhile
        dispatch({ type: 'conversation/summary', conversation })
        dispatch({ type: 'messages/loaded', id, messages })
        if (conversation.is_generating) attachToReply(id)
      } catch (error) {
        if (openIdRef.current !== id) return
        if (error.status === 404) {
          replaceRoute(null)
          openIdRef.current = null
          dispatch({ type: 'conversation/opened', id: null, notice: MISSING_CONVERSATION })
        } else {
          dispatch({ type: 'messages/failed', id, error: error.message })
        }
      }
    },
    [attachToReply],
  )

  const switchConversation = useCallback(
    (id, messageId = null) => {
      // hashchange normally does it; jsdom may not fire it
      if (!navigateTo(id, messageId)) openConversation(id, { messageId })
    },
    [openConversation],
  )

  /** Create an empty conversation and open it (the seed's action; the page itself begins
   * conversations with their first message, see beginConversation). */
  const createConversation = useCallback(async () => {
    try {
      const conversation = await api.createConversation()
      dispatch({ type: 'conversation/created', conversation })
      switchConversation(conversation.id)
      return conversation
    } catch (error) {
      dispatch({ type: 'error/raised', message: error.message, code: error.code })
      return null
    }
  }, [switchConversation])

  /** New Chat: the start page, its box ready; the conversation is created by the first message.
   * An open conversation with nothing in it yet is used as it is rather than piling up another. */
  const startNewChat = useCallback(() => {
    const { currentConversationId: id, messages, isLoading, isStreaming } = stateRef.current
    const isEmpty = id && !isLoading && !isStreaming && messages.length === 0
    if (id && !isEmpty) switchConversation(null)
    focusMessageBox()
  }, [switchConversation])

  /** Settings for the conversation the start page will begin (the settings panel's onSave there). */
  const updateNewChatSettings = useCallback(async (changes) => {
    dispatch({ type: 'newChat/settings', changes })
    return true
  }, [])

  /** The start page's first message: create its conversation (with the settings chosen there) and
   * open it in place, without a history entry or a reload of the page's state. The id, or null
   * when the backend refused (`onRefused` has the sentence). */
  const beginConversation = useCallback(async (onRefused) => {
    const settings = stateRef.current.newChatSettings
    let conversation
    try {
      conversation = await api.createConversation()
      if (Object.keys(settings).length) conversation = await api.updateConversation(conversation.id, settings)
    } catch (error) {
      onRefused?.(error.message, { code: error.code })
      if (error.code === 'backend_unreachable') checkHealthRef.current()
      return null
    }
    if (openIdRef.current !== null) {
      // The user opened another conversation meanwhile: this one stays, empty, in the list.
      dispatch({ type: 'conversation/created', conversation })
      return null
    }
    openIdRef.current = conversation.id
    replaceRoute(conversation.id)
    dispatch({ type: 'conversation/begun', conversation })
    return conversation.id
  }, [])

  const deleteTimers = useRef(new Map())
  /** Delete a conversation, with a few seconds to take it back: it is hidden at once and deleted
   * when the time is up. Closing the tab meanwhile deletes nothing. */
  const deleteConversation = useCallback(
    (id) => {
      const conversation = stateRef.current.conversations.find((c) => c.id === id) ??
        (stateRef.current.openSummary?.id === id ? stateRef.current.openSummary : { id, title: DEFAULT_TITLE })
      dispatch({ type: 'conversation/deleting', conversation })
      if (openIdRef.current === id) {
        replaceRoute(null) // no history entry pointing at a conversation being deleted
        openConversation(null)
      }
      clearTimeout(deleteTimers.current.get(id))
      deleteTimers.current.set(
        id,
        setTimeout(async () => {
          deleteTimers.current.delete(id)
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
    },
    [openConversation],
  )

  const undoDelete = useCallback((id) => {
    clearTimeout(deleteTimers.current.get(id))
    deleteTimers.current.delete(id)
    const conversation = stateRef.current.pendingDeletions.find((c) => c.id === id)
    if (conversation) dispatch({ type: 'conversation/restored', conversation })
  }, [])

  /**
   * Send a message, with `attachments` (uploaded files' descriptions). `parentId`: left out,
   * after the active leaf; null, a new first message; else under that message (an edit: `keep`
   * says how much of the shown path it follows). The draft
   * is the caller's: `onAccepted` once the backend has stored the message, `onRefused(sentence)`
   * when it refused it (too long, backend down, a reply still running…).
   */
  const sendMessage = useCallback(
    async (content, { parentId, keep, onAccepted, onRefused, attachments = [], ...options } = {}) => {
      if ((!content.trim() && attachments.length === 0) || streamRef.current) return
      const id = stateRef.current.currentConversationId ?? (await beginConversation(onRefused))
      if (!id) return
      const userMessage = {
        key: nextLocalKey(),
        role: 'user',
        content,
        timestamp: new Date().toISOString(),
        attachments: attachments.length ? attachments : null,
      }
      await followReply(
        id,
        (handlers, signal) =>
          replyTransport.send(
            { conversationId: id, message: content, parentId, attachments: attachments.map((file) => file.id), options },
            handlers,
            signal,
          ),
        {
          onAccepted: () => {
            dispatch({ type: 'message/sent', conversationId: id, message: userMessage, keep })
            onAccepted?.()
            loadConversations() // the title the backend gave it, the new order
          },
          onRefused,
        },
      )
    },
    [beginConversation, followReply, loadConversations],
  )

  const stopGeneration = useCallback(async () => {
    const id = stateRef.current.currentConversationId
    if (!id) return
    try {
      const result = await api.stopReply(id)
      if (result.status === 'not_generating' && streamRef.current?.conversationId === id) {
        // Nothing runs any more (it ended meanwhile): show what the backend stored.
        streamRef.current.controller.abort()
        streamRef.current = null
        dispatch({ type: 'stream/closed', conversationId: id })
        loadMessages(id)
      }
      // Otherwise the stream itself ends with `done` / "stopped" and keeps the partial reply.
    } catch (error) {
      dispatch({ type: 'error/raised', message: error.message, code: error.code })
    }
  }, [loadMessages])

  /** A new reply to a user message (`message` is it, or one of its replies); the earlier replies
   * stay as siblings. Retry after a failed reply is a regenerate too: nothing is duplicated. */
  const regenerate = useCallback(
    async (message) => {
      const { currentConversationId: id, messages } = stateRef.current
      if (!id || !message?.id || streamRef.current) return
      const index = messages.findIndex((m) => m.id === message.id)
      if (index < 0) return
      dispatch({ type: 'reply/regenerating', conversationId: id, keep: message.role === 'user' ? index + 1 : index })
      await followReply(id, (handlers, signal) => replyTransport.regenerate({ conversationId: id, messageId: message.id }, handlers, signal))
    },
    [followReply],
  )

  /** Retry after a reply failed: a new reply to the same question. */
  const retry = useCallback(() => {
    const { messages } = stateRef.current
    const last = messages[messages.length - 1]
    return last ? regenerate(last) : undefined
  }, [regenerate])

  /** Edit a message: the new text goes on a branch beside the original, which stays. */
  const editMessage = useCallback(
    (message, content, callbacks = {}) => {
      const index = stateRef.current.messages.findIndex((m) => m.id === message.id)
      if (index < 0) return undefined
      // The new version carries the files the old one did.
      const attachments = message.attachments ?? []
      return sendMessage(content, { ...callbacks, attachments, parentId: message.parent_id ?? null, keep: index })
    },
    [sendMessage],
  )

  /** Show another branch: the one through `messageId`, down to its newest message. */
  const switchBranch = useCallback(async (messageId) => {
    const id = stateRef.current.currentConversationId
    if (!id || streamRef.current) return
    try {
      dispatch({ type: 'messages/loaded', id, messages: await api.setActive(id, messageId) })
    } catch (error) {
      dispatch({ type: 'error/raised', message: error.message, code: error.code })
    }
  }, [])

  /** Open the conversation `derive(openId)` makes from the open one (a fork, a continuation). */
  const openDerived = useCallback(
    async (derive) => {
      const id = stateRef.current.currentConversationId
      if (!id) return
      try {
        const conversation = await derive(id)
        dispatch({ type: 'conversation/created', conversation })
        switchConversation(conversation.id)
      } catch (error) {
        dispatch({ type: 'error/raised', message: error.message, code: error.code })
      }
    },
    [switchConversation],
  )

  /** A new conversation with a copy of the path up to `messageId`, opened. */
  const forkConversation = useCallback((messageId) => openDerived((id) => api.fork(id, messageId)), [openDerived])

  /** Delete a message and what follows it (the user has confirmed). */
  const deleteBranch = useCallback(
    async (messageId) => {
      const id = stateRef.current.currentConversationId
      if (!id || streamRef.current) return
      try {
        await api.deleteBranch(id, messageId)
      } catch (error) {
        if (error.status !== 404) dispatch({ type: 'error/raised', message: error.message, code: error.code })
      }
      loadMessages(id)
      loadConversations()
    },
    [loadMessages, loadConversations],
  )

  const renameConversation = useCallback(async (id, title) => {
    const trimmed = title.trim()
    if (!trimmed) return
    try {
      dispatch({ type: 'conversation/updated', conversation: await api.updateConversation(id, { title: trimmed }) })
    } catch (error) {
      dispatch({ type: 'error/raised', message: error.message, code: error.code })
    }
  }, [])

  /** Change the open conversation's model, system prompt, temperature or max tokens. */
  const updateConversationSettings = useCallback(async (changes) => {
    const id = stateRef.current.currentConversationId
    if (!id) return false
    try {
      dispatch({ type: 'conversation/updated', conversation: await api.updateConversation(id, changes) })
      return true
    } catch (error) {
      dispatch({ type: 'error/raised', message: error.message, code: error.code })
      return false
    }
  }, [])

  /** Save the defaults for new conversations; null, or the sentence saying why not. */
  const saveDefaults = useCallback(async (settings) => {
    try {
      dispatch({ type: 'defaults/loaded', defaults: await api.putDefaults(settings) })
      return null
    } catch (error) {
      return error.message
    }
  }, [])

  /** Create (no id) or change a preset; the preset, or { error } with the sentence saying why not. */
  const savePreset = useCallback(
    async (id, fields) => {
      try {
        const preset = id ? await api.updatePreset(id, fields) : await api.createPreset(fields)
        await loadPresets()
        return preset
      } catch (error) {
        return { error: error.message }
      }
    },
    [loadPresets],
  )

  const deletePreset = useCallback(
    async (id) => {
      try {
        await api.deletePreset(id)
      } catch (error) {
        if (error.status !== 404) return error.message
      }
      await loadPresets()
      return null
    },
    [loadPresets],
  )

  /** Take a preset's settings: into the open conversation (PATCH {preset_id}), or on the start page
   * into the settings of the conversation it will begin. */
  const applyPreset = useCallback(async (presetId) => {
    const id = stateRef.current.currentConversationId
    if (id) {
      try {
        dispatch({ type: 'conversation/updated', conversation: await api.updateConversation(id, { preset_id: presetId }) })
        return null
      } catch (error) {
        return error.message
      }
    }
    const preset = stateRef.current.presets.find((p) => p.id === presetId)
    if (!preset) return 'That preset no longer exists.'
    const { id: _id, name: _name, created_at: _created, updated_at: _updated, ...settings } = preset
    dispatch({ type: 'newChat/settings', changes: settings })
    return null
  }, [])

  /** Go on in a new conversation from this one, which outgrew the context window: from its last
   * messages, or from a summary the model writes (it streams in the new conversation). */
  const continueElsewhere = useCallback(
    (startFrom) => !streamRef.current && openDerived((id) => api.continueConversation(id, startFrom)),
    [openDerived],
  )

  /** Let this conversation leave out the middle of its history when it does not fit, and write
   * the failed reply again that way. */
  const dropMiddleAndRetry = useCallback(async () => {
    const id = stateRef.current.currentConversationId
    if (!id || streamRef.current) return
    try {
      const conversation = await api.updateConversation(id, { context_overflow: 'truncate_middle' })
      dispatch({ type: 'conversation/updated', conversation })
    } catch (error) {
      dispatch({ type: 'error/raised', message: error.message, code: error.code })
      return
    }
    await retry()
  }, [retry])

  /** Conversations whose title or messages have the words of `query`, each with its matching
   * message and a snippet of it (null when the search failed). */
  const searchConversations = useCallback(async (query, signal) => {
    try {
      return await api.getConversations({ query, signal })
    } catch {
      return null
    }
  }, [])

  const clearError = useCallback(() => dispatch({ type: 'error/cleared' }), [])

  // What every page needs once: the defaults for new conversations, the presets. (The models
  // come once the health check found LM Studio reachable: see below.)
  useEffect(() => {
    loadDefaults()
    loadPresets()
  }, [loadDefaults, loadPresets])

  // The URL decides which conversation is open: on load, and on back/forward.
  useEffect(() => {
    loadConversations()
    openConversation(conversationIdFromHash(), { messageId: messageIdFromHash() })
    const onHashChange = () => openConversation(conversationIdFromHash(), { messageId: messageIdFromHash() })
    window.addEventListener('hashchange', onHashChange)
    return () => {
      window.removeEventListener('hashchange', onHashChange)
      streamRef.current?.controller.abort()
      streamRef.current = null
    }
  }, [loadConversations, openConversation])

  // Whether the backend and LM Studio answer; polled faster while something is down. The model
  // catalog is asked for whenever LM Studio becomes reachable (at first, and when it is back): asked
  // while it is down, the backend would only answer 503, which the browser logs as an error.
  useEffect(() => {
    let cancelled = false
    let wasReachable = false
    const check = async () => {
      clearTimeout(healthTimerRef.current)
      let health
      try {
        const result = await api.getHealth()
        health = {
          backend: true,
          lmStudio: result.lm_studio,
          maxMessageChars: result.max_message_chars ?? null,
          maxUploadBytes: result.max_upload_bytes ?? null,
          maxAttachments: result.max_attachments ?? null,
        }
      } catch (error) {
        health = { backend: false, lmStudio: null, message: error.message }
      }
      if (cancelled) return
      dispatch({ type: 'health/updated', health })
      const reachable = Boolean(health.lmStudio?.reachable)
      if (reachable && !wasReachable) loadCatalog()
      wasReachable = reachable
      const healthy = health.backend && health.lmStudio?.reachable
      healthTimerRef.current = setTimeout(check, healthy ? HEALTH_UP_INTERVAL_MS : HEALTH_DOWN_INTERVAL_MS)
    }
    checkHealthRef.current = check
    check()
    return () => {
      cancelled = true
      checkHealthRef.current = () => {}
      clearTimeout(healthTimerRef.current)
    }
  }, [loadCatalog])

  // The browser tab names the open conversation.
  const openTitle = state.currentConversationId
    ? (state.conversations.find((c) => c.id === state.currentConversationId) ?? state.openSummary)?.title
    : null
  useEffect(() => {
    document.title = openTitle ? `${openTitle} · ${APP_NAME}` : APP_NAME
  }, [openTitle])

  const value = useMemo(
    () => ({
      ...state,
      loadConversations,
      loadMoreConversations,
      loadMessages,
      createConversation,
      startNewChat,
      updateNewChatSettings,
      deleteConversation,
      sendMessage,
      switchConversation,
      stopGeneration,
      regenerate,
      retry,
      editMessage,
      switchBranch,
      forkConversation,
      deleteBranch,
      undoDelete,
      renameConversation,
      updateConversationSettings,
      searchConversations,
      clearError,
      loadCatalog,
      saveDefaults,
      savePreset,
      deletePreset,
      applyPreset,
      continueElsewhere,
      dropMiddleAndRetry,
      currentConversation:
        state.conversations.find((c) => c.id === state.currentConversationId) ?? state.openSummary ?? null,
      // The catalog's chat models once it answered; until then (or from an old backend) the
      // health check's list.
      models: state.catalog ? chatModels(state.catalog).map((model) => model.id) : (state.health?.lmStudio?.models ?? []),
      defaultModel: state.health?.lmStudio?.default_model ?? null,
      maxMessageChars: state.health?.maxMessageChars ?? null,
      maxUploadBytes: state.health?.maxUploadBytes ?? null,
      maxAttachments: state.health?.maxAttachments ?? null,
    }),
    [
      state,
      loadConversations,
      loadMoreConversations,
      loadMessages,
      createConversation,
      startNewChat,
      updateNewChatSettings,
      deleteConversation,
      sendMessage,
      switchConversation,
      stopGeneration,
      regenerate,
      retry,
      editMessage,
      switchBranch,
      forkConversation,
      deleteBranch,
      undoDelete,
      renameConversation,
      updateConversationSettings,
      searchConversations,
      clearError,
      loadCatalog,
      saveDefaults,
      savePreset,
      deletePreset,
      applyPreset,
      continueElsewhere,
      dropMiddleAndRetry,
    ],
  )

  return <ChatContext.Provider value={value}>{children}</ChatContext.Provider>
}

export const useChat = () => {
  const context = useContext(ChatContext)
  if (!context) throw new Error('useChat must be used within ChatProvider')
  return context
}
