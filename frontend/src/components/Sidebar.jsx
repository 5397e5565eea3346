import { useEffect, useMemo, useRef, useState } from 'react'
import { useChat } from '../contexts/ChatContext'
import { useLayout } from '../state/layout/LayoutContext'
import { useMediaQuery } from '../ui/useMediaQuery'
import { SEARCH_INPUT_ID } from '../hooks/useKeyboardShortcuts'
import { groupConversations } from '../utils/format'
import ConversationItem from './ConversationItem'
import SearchResult from './SearchResult'
import { ChevronsLeftIcon, ChevronsRightIcon, CloseIcon, PlusIcon, SearchIcon, SettingsIcon } from '../ui/icons'

const SEARCH_DEBOUNCE_MS = 250

// Narrow screens: an overlay that slides in. Wide screens: a column, w-80 or collapsed to w-16.
const ASIDE_EXPANDED =
  'fixed inset-y-0 left-0 z-40 flex w-80 max-w-[85vw] -translate-x-full flex-col border-r border-dark-lighter bg-dark-light transition-all duration-300 data-[open=true]:translate-x-0 md:static md:z-auto md:max-w-none md:translate-x-0'
const ASIDE_COLLAPSED =
  'fixed inset-y-0 left-0 z-40 flex w-80 max-w-[85vw] -translate-x-full flex-col border-r border-dark-lighter bg-dark-light transition-all duration-300 data-[open=true]:translate-x-0 md:static md:z-auto md:w-16 md:max-w-none md:translate-x-0'

/**
 * Search: loaded conversations whose title matches show at once; the backend's results (every
 * conversation, titles and messages, each with a snippet of its matching message) replace them
 * a moment later. Null while there is no query.
 */
function useConversationSearch(conversations, query, searchConversations) {
  const [found, setFound] = useState(null)
  const trimmed = query.trim()

  useEffect(() => {
    if (!trimmed) return undefined
    const controller = new AbortController()
    const timer = setTimeout(async () => {
      const results = await searchConversations(trimmed, controller.signal)
      if (!controller.signal.aborted && results) setFound({ query: trimmed, results })
    }, SEARCH_DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [trimmed, searchConversations])

  return useMemo(() => {
    if (!trimmed) return null
    if (found?.query === trimmed) return found.results
    const needle = trimmed.toLocaleLowerCase()
    return conversations.filter((c) => c.title.toLocaleLowerCase().includes(needle))
  }, [conversations, trimmed, found])
}

/** Asks for the next page when the end of the list scrolls into view (or its button is used). */
const MoreConversations = ({ onMore }) => {
  const marker = useRef(null)
  useEffect(() => {
    const element = marker.current
    if (!element || typeof IntersectionObserver === 'undefined') return undefined
    const observer = new IntersectionObserver((entries) => entries[0].isIntersecting && onMore(), {
      rootMargin: '0px 0px 300px 0px',
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [onMore])
  return (
    <div ref={marker} className="flex justify-center px-3 py-2">
      <button
        type="button"
        onClick={onMore}
        className="rounded-lg px-3 py-1.5 text-xs text-gray-300 hover:bg-dark-lighter hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
      >
        Show more conversations
      </button>
    </div>
  )
}

/** Conversations: New Chat, search, the list grouped by date, rename and delete; collapsible. */
const Sidebar = () => {
  const {
    conversations,
    hasMoreConversations,
    loadMoreConversations,
    currentConversationId,
    startNewChat,
    deleteConversation,
    renameConversation,
    switchConversation,
    searchConversations,
  } = useChat()
  const { isSidebarCollapsed, setSidebarCollapsed, isMobileSidebarOpen, setMobileSidebarOpen, setPreferencesOpen } = useLayout()
  const isWide = useMediaQuery('(min-width: 768px)')
  const [query, setQuery] = useState('')
  const compact = isWide && isSidebarCollapsed
  const results = useConversationSearch(conversations, compact ? '' : query, searchConversations)
  const groups = useMemo(() => (results ? [] : groupConversations(conversations)), [results, conversations])

  // Over a phone's screen the sidebar is a modal panel: focus goes into it when it opens and
  // back to what opened it when it closes (the rest of the page is inert meanwhile, see App).
  const asideRef = useRef(null)
  const isOverlay = !isWide && isMobileSidebarOpen
  useEffect(() => {
    if (!isOverlay) return undefined
    const opener = document.activeElement
    asideRef.current?.querySelector('button')?.focus()
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
  }, [isOverlay])

  const closeOverlay = () => setMobileSidebarOpen(false)
  const open = (id, messageId = null) => {
    switchConversation(id, messageId)
    closeOverlay()
  }

  return (
    <>
      {!isWide && isMobileSidebarOpen && (
        <div className="fixed inset-0 z-30 bg-black/50" onClick={closeOverlay} aria-hidden="true" />
      )}
      <aside
        ref={asideRef}
        aria-label="Conversations"
        aria-modal={isOverlay || undefined}
        role={isOverlay ? 'dialog' : undefined}
        data-open={isMobileSidebarOpen}
        inert={!isWide && !isMobileSidebarOpen}
        className={compact ? ASIDE_COLLAPSED : ASIDE_EXPANDED}
      >
        <div className={compact ? 'flex items-center justify-center p-4' : 'flex items-center justify-between p-4'}>
          {!compact && (
            <h1 className="bg-gradient-to-r from-primary to-secondary bg-clip-text text-xl font-bold text-transparent">
              Chat AI
            </h1>
          )}
          {isWide ? (
            <button
              type="button"
              onClick={() => setSidebarCollapsed(!isSidebarCollapsed)}
              aria-label={compact ? 'Expand sidebar' : 'Collapse sidebar'}
              aria-expanded={!compact}
              title={compact ? 'Expand sidebar' : 'Collapse sidebar'}
              className="rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
            >
              {compact ? <ChevronsRightIcon /> : <ChevronsLeftIcon />}
            </button>
          ) : (
            <button
              type="button"
              onClick={closeOverlay}
              aria-label="Close conversations"
              className="rounded-lg p-2 text-gray-300 transition-colors hover:bg-dark-lighter hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
            >
              <CloseIcon />
            </button>
          )}
        </div>

        <div className={compact ? 'px-2 pb-4' : 'space-y-3 px-4 pb-4'}>
          <button
            type="button"
            onClick={() => {
              startNewChat()
              closeOverlay()
            }}
            aria-label="New Chat"
            title="New Chat"
            className={
              compact
                ? 'flex w-full items-center justify-center rounded-xl bg-gradient-to-r from-primary to-secondary p-3 text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light'
                : 'flex w-full items-center justify-center gap-2 rounded-xl bg-gradient-to-r from-primary to-secondary px-4 py-3 font-medium text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light'
            }
          >
            <PlusIcon />
            {!compact && <span>New Chat</span>}
          </button>
          {!compact && (
            <div className="relative">
              <SearchIcon className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-gray-400" />
              <input
                id={SEARCH_INPUT_ID}
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Escape' && query) {
                    event.preventDefault()
                    setQuery('')
                  }
                }}
                placeholder="Search conversations"
                aria-label="Search conversations"
                className="w-full rounded-lg border border-dark-lighter bg-dark py-2 pl-9 pr-3 text-sm text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary"
              />
            </div>
          )}
        </div>

        <nav className="flex-1 overflow-y-auto px-2 pb-4" aria-label="Conversation list">
          {!compact && (results ? results.length === 0 : conversations.length === 0) && (
            <p className="px-3 py-6 text-center text-sm text-gray-400">
              {results ? 'No conversation matches your search' : 'No conversations yet'}
            </p>
          )}
          {results && !compact && (
            <ul className="space-y-1" aria-label="Search results">
              {results.map((conversation) => (
                <SearchResult
                  key={conversation.id}
                  conversation={conversation}
                  query={query}
                  isCurrent={conversation.id === currentConversationId}
                  onOpen={() => open(conversation.id, conversation.match_message_id)}
                />
              ))}
            </ul>
          )}
          {groups.map((group) => (
            <section key={group.name} aria-label={group.name} className="mb-3">
              {!compact && (
                <h2 className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-gray-400">{group.name}</h2>
              )}
              <ul className="space-y-1">
                {group.conversations.map((conversation) => (
                  <ConversationItem
                    key={conversation.id}
                    conversation={conversation}
                    isCurrent={conversation.id === currentConversationId}
                    compact={compact}
                    onOpen={() => open(conversation.id)}
                    onRename={(title) => renameConversation(conversation.id, title)}
                    onDelete={() => deleteConversation(conversation.id)}
                  />
                ))}
              </ul>
            </section>
          ))}
          {!results && hasMoreConversations && !compact && <MoreConversations onMore={loadMoreConversations} />}
        </nav>
        <div className={compact ? 'border-t border-dark-lighter p-2' : 'border-t border-dark-lighter px-4 py-3'}>
          <button
            type="button"
            onClick={() => {
              closeOverlay()
              setPreferencesOpen(true)
            }}
            aria-label={compact ? 'Defaults & presets' : undefined}
            title="Defaults for new conversations, and presets"
            className={
              compact
                ? 'flex w-full items-center justify-center rounded-lg p-2 text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
                : 'flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm text-gray-300 hover:bg-dark-lighter hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
            }
          >
            <SettingsIcon className="h-4 w-4" />
            {!compact && <span>Defaults & presets</span>}
          </button>
        </div>
      </aside>
    </>
  )
}

export default Sidebar
