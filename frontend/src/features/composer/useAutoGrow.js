import { useLayoutEffect } from 'react'

const MAX_TEXTAREA_HEIGHT_PX = 200

/** A text box (the message box, the edit box) grows with its text up to a limit, then scrolls. */
export function useAutoGrow(textareaRef, text) {
  useLayoutEffect(() => {
    const textarea = textareaRef.current
    if (!textarea) return
    textarea.style.height = 'auto'
    textarea.style.height = `${Math.min(textarea.scrollHeight, MAX_TEXTAREA_HEIGHT_PX)}px`
  }, [textareaRef, text])
}
