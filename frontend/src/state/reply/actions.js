// Replies: sending a message, regenerating or retrying a reply, editing a message (a new branch),
// stopping, and reading the reply in progress (attach). One reply is read at a time; its text is
// kept outside React (replyText.js) and reaches the state at most once per frame.
import { startTransition } from 'react'
import { api, replyTransport } from '../../services/api'
import { messageStatusFor } from '../../api/events'
import { createReplyText } from './replyText'

// Keys for messages shown before the backend has named them (see keepLocalKeys).
let localKeys = 0
const nextLocalKey = () => `local-${++localKeys}`

/** What of an error event the page acts on later (kept with the question, as the backend keeps
 * it): the model that can see images, to switch to. */
const remedyFigures = (data) => (data.vision_model ? { vision_model: data.vision_model } : {})

export function createReplyActions({ dispatch, getState, chat }) {
  // The reply this page reads: { conversationId, controller }. Set synchronously, so two quick
  // clicks cannot start two replies.
  let current = null

  const isReplying = () => current !== null

  /** A settings change still waiting to be saved is saved first: the reply is to use it. */
  const settingsSaved = async () => {
    const saving = chat.flushSettings()
    if (saving) await saving
  }

  /** Stop reading the reply (it goes on in the backend; opening its conversation again attaches). */
  const leaveReply = () => {
    current?.controller.abort()
    current = null
  }

  /**
   * Read one reply into the state: `read(request, handlers, signal)` is a way of replyTransport.
   * `onAccepted` runs when the backend took the request; `onRefused(sentence, data)`, when it
   * refused it before accepting (the reply never started: nothing to show in the conversation).
   */
  const readReply = async (read, request, { onAccepted, onRefused, onStarted } = {}) => {
    const { conversationId } = request
    leaveReply()
    const reading = { conversationId, controller: new AbortController() }
    current = reading
    const isCurrent = () => current === reading
    const text = createReplyText((written) => {
      if (isCurrent()) dispatch({ type: 'reply/delta', conversationId, ...written })
    })
    let accepted = false
    let modelWasLoading = false
    const end = () => {
      text.cancel()
      const wasCurrent = isCurrent()
      if (wasCurrent) current = null
      return wasCurrent
    }
    const handlers = {
      onAccepted: () => {
        accepted = true
        onAccepted?.()
      },
      onStart: (data) => {
        modelWasLoading = data.model_state === 'not-loaded'
        if (!isCurrent()) return
        onStarted?.()
        dispatch({
          type: 'reply/started',
          conversationId,
          model: data.model,
          messageId: data.message_id,
          modelState: data.model_state,
          since: performance.now(),
        })
      },
      onReasoning: text.addReasoning,
      onDelta: text.addContent,
      // A call's card goes where it came in the text: the text before it is shown first, at once.
      onToolCall: (data) => {
        if (!isCurrent()) return
        const written = text.snapshot()
        dispatch({ type: 'reply/delta', conversationId, ...written })
        dispatch({ type: 'reply/toolCalled', conversationId, call: data, at: written.content.length })
      },
      onToolApproval: (data) => isCurrent() && dispatch({ type: 'reply/toolWaiting', conversationId, id: data.id }),
      // Decided here or in another tab; on a replay, the choice is no longer offered.
      onToolDecided: (data) => isCurrent() && dispatch({ type: 'reply/toolDecided', conversationId, id: data.id, decision: data.decision }),
      onToolResult: (data) => isCurrent() && dispatch({ type: 'reply/toolAnswered', conversationId, id: data.id, result: data }),
      onDone: (data) => {
        if (!end()) return
        const written = text.snapshot()
        const { content, reasoning } = written
        // The last words at once, while the stored reply is built (below).
        dispatch({ type: 'reply/delta', conversationId, ...written })
        const message = data.message ?? {
          role: 'assistant',
          content,
          reasoning: reasoning || null,
          status: messageStatusFor(data.status),
          timestamp: new Date().toISOString(),
        }
        // The stored Message takes the reply's row and keeps its elements (only the last block,
        // the notes and the actions change), in the background while the finished text shows.
        startTransition(() => dispatch({ type: 'reply/finished', conversationId, message }))
        chat.loadConversations()
        chat.refreshPath(conversationId)
        if (modelWasLoading) chat.loadCatalog({ fresh: true }) // now loaded, with its context length
      },
      onIdle: () => {
        // The reply finished between listing and attaching: its text is stored by now.
        if (!end()) return
        dispatch({ type: 'reply/closed', conversationId })
        chat.loadMessages(conversationId)
      },
      onError: (sentence, data = {}) => {
        if (!end()) return
        if (!accepted && onRefused) {
          dispatch({ type: 'reply/closed', conversationId })
          onRefused(sentence, data)
          if (data.code === 'backend_unreachable') chat.checkHealth()
          return
        }
        // The backend stored nothing of the reply (`message` null): the failure is its question's,
        // which keeps it (reply_error) until a reply under it is written.
        const failure =
          accepted && data.message === null
            ? { ...remedyFigures(data), error: sentence, code: data.code ?? null, at: new Date().toISOString() }
            : null
        dispatch({ type: 'reply/failed', conversationId, error: sentence, code: data.code, message: data.message, failure })
        chat.refreshPath(conversationId)
        // Whatever broke the reply may be down for everything: the notice says so at once
        // rather than at the next poll (up to 30 s later).
        chat.checkHealth()
        chat.loadConversations()
      },
    }
    await read(request, handlers, reading.controller.signal)
    end()
  }

  /** Read the reply running in a conversation (opened while it runs, or begun by the backend). */
  const attachReply = (conversationId) => {
    dispatch({ type: 'reply/attached', conversationId })
    return readReply(replyTransport.attach, { conversationId }, {
      // Its question may have been stored after the path shown was read (the backend claims the
      // conversation first): then the path is read again, question included.
      onStarted: () => {
        if (getState().conversation.messages.at(-1)?.role !== 'user') chat.loadMessages(conversationId)
      },
    })
  }

  /**
   * Send a message, with `attachments` (uploaded files' descriptions). `parentId`: left out,
   * after the active leaf; null, a new first message; else under that message (an edit: `keep`
   * says how much of the shown path it follows). The draft is the caller's: `onAccepted` once the
   * backend has stored the message, `onRefused(sentence)` when it refused it (too long, backend
   * down, a reply still running…).
   */
  const sendMessage = async (content, { parentId, keep, onAccepted, onRefused, attachments = [], ...options } = {}) => {
    if ((!content.trim() && attachments.length === 0) || isReplying()) return
    await settingsSaved()
    const { conversation, settings } = getState()
    const conversationId = conversation.id ?? (await chat.beginConversation(onRefused))
    if (!conversationId) return
    // A conversation begun for this message goes again if the backend refuses the message.
    const refused = conversation.id
      ? onRefused
      : (sentence, data) => {
          chat.withdrawConversation(conversationId, settings.newChat)
          onRefused?.(sentence, data)
        }
    const message = {
      key: nextLocalKey(),
      role: 'user',
      content,
      timestamp: new Date().toISOString(),
      attachments: attachments.length ? attachments : null,
    }
    const request = { conversationId, message: content, parentId, attachments: attachments.map((file) => file.id), options }
    await readReply(replyTransport.send, request, {
      onAccepted: () => {
        dispatch({ type: 'message/sent', conversationId, message, keep })
        onAccepted?.()
        chat.loadConversations() // the title the backend gave it, the new order
      },
      onRefused: refused,
    })
  }

  const stopReply = async () => {
    const id = getState().conversation.id
    if (!id) return
    try {
      const result = await api.stopReply(id)
      if (result.status === 'not_generating' && current?.conversationId === id) {
        // Nothing runs any more (it ended meanwhile): show what the backend stored.
        leaveReply()
        dispatch({ type: 'reply/closed', conversationId: id })
        chat.loadMessages(id)
      }
      // Otherwise the stream itself ends with `done` / "stopped" and keeps the partial reply.
    } catch (error) {
      dispatch({ type: 'error/raised', message: error.message, code: error.code })
    }
  }

  /**
   * Allow or deny the tool call the open conversation's reply waits on; `remember` makes it that
   * tool's rule. Null, or the sentence saying why not (e.g. it was decided in another tab).
   */
  const decideToolCall = async (callId, decision, { remember = false } = {}) => {
    const id = getState().conversation.id
    if (!id) return 'No conversation is open.'
    try {
      await api.decideToolCall(id, callId, decision, remember)
    } catch (error) {
      return error.message
    }
    dispatch({ type: 'reply/toolDecided', conversationId: id, id: callId, decision })
    return null
  }

  /** A new version of the reply at or under `message`, read with `read` (regenerate or continue):
   * the path shown keeps what comes before it (`message` itself too when it is the question). */
  const replyAgain = async (message, read) => {
    const { id, messages } = getState().conversation
    if (!id || !message?.id || isReplying()) return
    const index = messages.findIndex((m) => m.id === message.id)
    if (index < 0) return
    await settingsSaved()
    dispatch({ type: 'reply/regenerating', conversationId: id, keep: message.role === 'user' ? index + 1 : index })
    await readReply(read, { conversationId: id, messageId: message.id })
  }

  /** A new reply to a user message (`message` is it, or one of its replies); the earlier replies
   * stay as siblings. Retry after a failed reply is a regenerate too: nothing is duplicated. */
  const regenerate = (message) => replyAgain(message, replyTransport.regenerate)

  /** Write on from where a reply stopped (cut at the max-tokens limit, or stopped): a new version
   * beside it, streamed from its text on; the cut one stays as a sibling. */
  const continueReply = (message) =>
    message?.role === 'assistant' && message.content ? replyAgain(message, replyTransport.continue) : undefined

  /** Retry after a reply failed: a new reply to the same question. */
  const retry = () => {
    const last = getState().conversation.messages.at(-1)
    return last ? regenerate(last) : undefined
  }

  /** Edit a message: the new text goes on a branch beside the original, which stays. */
  const editMessage = (message, content, callbacks = {}) => {
    const index = getState().conversation.messages.findIndex((m) => m.id === message.id)
    if (index < 0) return undefined
    // The new version carries the files the old one did.
    const attachments = message.attachments ?? []
    return sendMessage(content, { ...callbacks, attachments, parentId: message.parent_id ?? null, keep: index })
  }

  return {
    actions: { sendMessage, stopReply, regenerate, continueReply, retry, editMessage, decideToolCall },
    internal: { isReplying, leaveReply, attachReply },
    start: () => leaveReply, // the page closing leaves the reply to the backend
  }
}
