import { useLayoutEffect, useState } from 'react'

/**
 * Which message is being edited in place (by index; null: none) and why the backend refused the
 * edit. The editor stays open until the backend has the new text: a refused edit is not lost.
 * Opening another conversation (or place in one) ends editing.
 */
export function useMessageEditing(editMessage, { conversationId, focusMessageId }) {
  const [editingIndex, setEditingIndex] = useState(null)
  const [refusal, setRefusal] = useState(null)

  useLayoutEffect(() => setEditingIndex(null), [conversationId, focusMessageId])

  const cancel = () => {
    setEditingIndex(null)
    setRefusal(null)
  }

  const submit = (message, content) => {
    setRefusal(null)
    editMessage(message, content, {
      onAccepted: () => setEditingIndex(null),
      onRefused: (sentence) => setRefusal(sentence),
    })
  }

  return { editingIndex, refusal, start: setEditingIndex, cancel, submit }
}
