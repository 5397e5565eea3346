import { useEffect, useRef, useState } from 'react'
import { useAutoGrow } from '../composer/useAutoGrow'

/** Edit a sent message in place: Enter (or Save & send) sends it as a new branch, Escape
 * cancels. If the backend refuses it, the text stays here with the reason. The box grows with
 * its text (wrapped lines too), as the message box does, from two lines up to its limit. */
const MessageEditor = ({ initialText, refusal = null, onSubmit, onCancel }) => {
  const [text, setText] = useState(initialText)
  const textareaRef = useRef(null)
  useAutoGrow(textareaRef, text)

  useEffect(() => {
    const textarea = textareaRef.current
    textarea?.focus()
    textarea?.setSelectionRange(textarea.value.length, textarea.value.length)
  }, [])

  const submit = (event) => {
    event.preventDefault()
    if (text.trim()) onSubmit(text)
  }

  return (
    <form onSubmit={submit} className="w-full min-w-[16rem]">
      <textarea
        ref={textareaRef}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault()
            event.stopPropagation()
            onCancel()
          } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            submit(event)
          }
        }}
        aria-label="Edit message"
        rows={2}
        className="w-full resize-none rounded-lg bg-dark/60 px-3 py-2 text-white placeholder-gray-300 focus:outline-none focus:ring-2 focus:ring-white/70"
      />
      {refusal && (
        <p role="alert" className="mt-1 text-sm text-white">
          {refusal}
        </p>
      )}
      <div className="mt-2 flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className="rounded-lg px-3 py-1 text-sm text-white/90 hover:bg-white/10 focus:outline-none focus-visible:ring-2 focus-visible:ring-white"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={!text.trim()}
          className="rounded-lg bg-white px-3 py-1 text-sm font-medium text-primary hover:bg-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-white disabled:opacity-60"
        >
          Save &amp; send
        </button>
      </div>
    </form>
  )
}

export default MessageEditor
