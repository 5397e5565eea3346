import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef } from 'react'
import { api } from '../services/api'
import { chatReducer, initialState } from './chatReducer'
import { conversationIdFromHash, messageIdFromHash, navigateTo, replaceRoute } from '../utils/route'
import { cancelFrame, scheduleFrame } from '../utils/frame'

const ChatContext = createContext(null)

// LM Studio's state is polled often while it is down, so the banner clears soon after it is back.
export const HEALTH_DOWN_INTERVAL_MS = 5000
export const HEALTH_UP_INTERVAL_MS = 30000
// Conversations listed per page; the sidebar asks for the next page as it is scrolled.
export const CONVERSATION_PAGE = 50
const MISSING_CONVERSATION = 'That conversation no longer exists, so here is the start page instead.'

function findLastIndex(items, predicate) {
  for (let index = items.length - 1; index >= 0; index -= 1) {
    if (predicate(items[index])) return index
  }
  return -1
}

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

  /**
   * Read one reply stream into state. `start(handlers, signal)` opens it (send or attach).
   * The text is kept in local variables and flushed to React at most once per frame.
   */
  const followReply = useCallback(
    async (conversationId, start) => {
      streamRef.current?.controller.abort()
      const stream = { conversationId, controller: new AbortController() }
      streamRef.current = stream
      let content = ''
      let reasoning = ''
      let thinkingSince = null
      let thoughtMs = null
      let frame = null
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
          onStart: (data) =>
            isCurrent() &&
            dispatch({ type: 'stream/started', conversationId, model: data.model, messageId: data.message_id }),
          onChunk: (text) => {
            if (thinkingSince !== null && thoughtMs === null) thoughtMs = performance.now() - thinkingSince
            content += text
            schedule()
          },
          onReasoning: (text) => {
            if (thinkingSince === null) thinkingSince = performance.now()
            reasoning += text
            schedule()
          },
          onComplete: (data) => {
            if (!end()) return
            const message = data.message ?? {
              role: 'assistant',
              content,
              reasoning: reasoning || null,
              status: data.status === 'stopped' ? 'stopped' : 'complete',
              timestamp: new Date().toISOString(),
            }
            dispatch({ type: 'stream/finished', conversationId, message })
            loadConversations()
          },
          onIdle: () => {
            // The reply finished between listing and attaching: its text is stored by now.
            if (!end()) return
            dispatch({ type: 'stream/closed', conversationId })
            loadMessages(conversationId)
          },
          onError: (sentence, data = {}) => {
            if (!end()) return
            dispatch({ type: 'stream/failed', conversationId, error: sentence, code: data.code, message: data.message })
            if (data.code === 'lm_studio_unreachable' || data.code === 'backend_unreachable') checkHealthRef.current()
            loadConversations()
          },
        },
        stream.controller.signal,
      )
      end()
    },
    [loadConversations, loadMessages],
  )

  const attachToReply = useCallback(
    (conversationId) => {
      dispatch({ type: 'stream/opened', conversationId })
      return followReply(conversationId, (handlers, signal) => api.attachToStream(conversationId, handlers, { signal }))
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
        const [messages, conversation] = await Promise.all([api.getMessages(id), api.getConversation(id)])
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

  const deleteConversation = useCallback(
    async (id) => {
      try {
        await api.deleteConversation(id)
      } catch (error) {
        if (error.status !== 404) {
          dispatch({ type: 'error/raised', message: error.message, code: error.code })
          return
        }
      }
      dispatch({ type: 'conversation/deleted', id })
      if (openIdRef.current === id) {
        replaceRoute(null) // no history entry pointing at a conversation that is gone
        openConversation(null)
      }
    },
    [openConversation],
  )

  const sendMessage = useCallback(
    async (content, options = {}) => {
      const id = stateRef.current.currentConversationId
      if (!id || !content.trim() || streamRef.current) return
      const userMessage = { role: 'user', content, timestamp: new Date().toISOString() }
      dispatch({ type: 'message/sent', conversationId: id, message: userMessage })
      await followReply(id, (handlers, signal) =>
        api.streamChat(id, content, handlers.onChunk, handlers.onComplete, handlers.onError, {
          ...options,
          signal,
          onStart: handlers.onStart,
          onReasoning: handlers.onReasoning,
        }),
      )
    },
    [followReply],
  )

  const stopGeneration = useCallback(async () => {
    const id = stateRef.current.currentConversationId
    if (!id) return
    try {
      const result = await api.stopGeneration(id)
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

  /** Replace message `index` and everything after it by a new user message: truncate, then send. */
  const resendFrom = useCallback(
    async (index, content) => {
      const id = stateRef.current.currentConversationId
      if (!id || index < 0 || !content.trim() || streamRef.current) return
      try {
        await api.truncateMessages(id, index)
      } catch (error) {
        if (error.status !== 404) {
          dispatch({ type: 'error/raised', message: error.message, code: error.code })
          return
        }
      }
      dispatch({ type: 'messages/truncated', conversationId: id, index })
      await sendMessage(content)
    },
    [sendMessage],
  )

  /** Send the last user message again without duplicating it (Retry, Regenerate). */
  const regenerateLastReply = useCallback(() => {
    const { messages } = stateRef.current
    const index = findLastIndex(messages, (message) => message.role === 'user')
    return index < 0 ? undefined : resendFrom(index, messages[index].content)
  }, [resendFrom])

  /** Edit a user message and resend it; what followed it is replaced. */
  const editMessage = useCallback((index, content) => resendFrom(index, content), [resendFrom])

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

  // Whether the backend and LM Studio answer; polled faster while something is down.
  useEffect(() => {
    let cancelled = false
    const check = async () => {
      clearTimeout(healthTimerRef.current)
      let health
      try {
        const result = await api.getHealth()
        health = { backend: true, lmStudio: result.lm_studio }
      } catch (error) {
        health = { backend: false, lmStudio: null, message: error.message }
      }
      if (cancelled) return
      dispatch({ type: 'health/updated', health })
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
  }, [])

  const value = useMemo(
    () => ({
      ...state,
      loadConversations,
      loadMoreConversations,
      loadMessages,
      createConversation,
      deleteConversation,
      sendMessage,
      switchConversation,
      stopGeneration,
      regenerateLastReply,
      editMessage,
      renameConversation,
      updateConversationSettings,
      searchConversations,
      clearError,
      currentConversation:
        state.conversations.find((c) => c.id === state.currentConversationId) ?? state.openSummary ?? null,
      models: state.health?.lmStudio?.models ?? [],
    }),
    [
      state,
      loadConversations,
      loadMoreConversations,
      loadMessages,
      createConversation,
      deleteConversation,
      sendMessage,
      switchConversation,
      stopGeneration,
      regenerateLastReply,
      editMessage,
      renameConversation,
      updateConversationSettings,
      searchConversations,
      clearError,
    ],
  )

  return <ChatContext.Provider value={value}>{children}</ChatContext.Provider>
}

export const useChat = () => {
  const context = useContext(ChatContext)
  if (!context) throw new Error('useChat must be used within ChatProvider')
  return context
}
