import { useEffect } from 'react'
import { SEARCH_INPUT_ID } from '../../utils/focus'
import { SHORTCUTS } from './shortcuts'

function isTyping(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
}

const NARROW_SCREEN = '(max-width: 767px)'

/**
 * App-wide shortcuts: Ctrl/Cmd+K search, Ctrl/Cmd+Shift+O new chat, ? help, and Escape, which
 * closes what is open (the help, the settings panel, the sidebar over a phone's screen) before it
 * stops a reply.
 * `chat`: { isStreaming, stopReply, startNewChat }; `layout`: the LayoutContext's value.
 */
export function useKeyboardShortcuts({ isStreaming, stopReply, startNewChat }, layout) {
  const { isShortcutsOpen, setShortcutsOpen, setSidebarCollapsed, isMobileSidebarOpen, setMobileSidebarOpen } = layout

  useEffect(() => {
    const onKeyDown = (event) => {
      if (SHORTCUTS.search.matches(event)) {
        event.preventDefault()
        setSidebarCollapsed(false)
        setMobileSidebarOpen(true)
        // The search box exists once the sidebar has expanded.
        requestAnimationFrame(() => document.getElementById(SEARCH_INPUT_ID)?.focus())
      } else if (SHORTCUTS.newChat.matches(event)) {
        event.preventDefault()
        startNewChat()
      } else if (SHORTCUTS.stop.matches(event) && !event.defaultPrevented) {
        if (isShortcutsOpen) setShortcutsOpen(false)
        else if (isMobileSidebarOpen && window.matchMedia?.(NARROW_SCREEN).matches) setMobileSidebarOpen(false)
        else if (isStreaming) stopReply()
      } else if (SHORTCUTS.help.matches(event) && !isTyping(event.target)) {
        event.preventDefault()
        setShortcutsOpen(true)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [
    isStreaming,
    stopReply,
    startNewChat,
    isShortcutsOpen,
    setShortcutsOpen,
    setSidebarCollapsed,
    isMobileSidebarOpen,
    setMobileSidebarOpen,
  ])
}
