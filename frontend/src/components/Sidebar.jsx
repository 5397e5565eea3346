import { useRef, useState } from 'react'
import { useChat } from '../contexts/ChatContext'
import { useLayout } from '../state/layout/LayoutContext'
import { MEDIUM_UP, useMediaQuery } from '../ui/useMediaQuery'
import ConversationList from '../features/sidebar/ConversationList'
import NewChatButton from '../features/sidebar/NewChatButton'
import PreferencesButton from '../features/sidebar/PreferencesButton'
import SearchBox from '../features/sidebar/SearchBox'
import SidebarHeader from '../features/sidebar/SidebarHeader'
import { useConversationSearch } from '../features/sidebar/useConversationSearch'
import { useOverlayFocus } from '../features/sidebar/useOverlayFocus'
import HistoryMenu from '../features/history/HistoryMenu'
import SignedInAs from '../features/account/SignedInAs'
import FilingDialogs from '../features/folders/FilingDialogs'
import NewFolderButton from '../features/folders/NewFolderButton'
import { useFiling } from '../features/folders/useFiling'
import { useImport } from '../features/history/useImport'

// Narrow screens: an overlay that slides in. Wide screens: a column, w-80 or collapsed to w-16
// (then above the page, for the History menu that opens beside it).
const ASIDE_EXPANDED =
  'fixed inset-y-0 left-0 z-40 flex w-80 max-w-[85vw] -translate-x-full flex-col border-r border-dark-lighter bg-dark-light transition-all duration-300 data-[open=true]:translate-x-0 md:relative md:z-auto md:max-w-none md:translate-x-0'
const ASIDE_COLLAPSED =
  'fixed inset-y-0 left-0 z-40 flex w-80 max-w-[85vw] -translate-x-full flex-col border-r border-dark-lighter bg-dark-light transition-all duration-300 data-[open=true]:translate-x-0 md:relative md:z-10 md:w-16 md:max-w-none md:translate-x-0'

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
    placeConversation,
    fileConversation,
    forgetFolder,
    switchConversation,
    searchConversations,
    loadConversations,
  } = useChat()
  const { isSidebarCollapsed, setSidebarCollapsed, isMobileSidebarOpen, setMobileSidebarOpen, setPreferencesOpen } = useLayout()
  const isWide = useMediaQuery(MEDIUM_UP)
  const [query, setQuery] = useState('')
  const compact = isWide && isSidebarCollapsed
  const results = useConversationSearch(conversations, compact ? '' : query, searchConversations)
  const filer = useFiling({ placeConversation, fileConversation, forgetFolder })
  const asideRef = useRef(null)
  const isOverlay = !isWide && isMobileSidebarOpen
  useOverlayFocus(asideRef, isOverlay)
  const importer = useImport(loadConversations) // an export dropped on the sidebar is imported

  const closeOverlay = () => setMobileSidebarOpen(false)
  const open = (id, messageId = null) => {
    switchConversation(id, messageId)
    closeOverlay()
  }

  return (
    <>
      {isOverlay && <div className="fixed inset-0 z-30 bg-black/50" onClick={closeOverlay} aria-hidden="true" />}
      <aside
        ref={asideRef}
        aria-label="Conversations"
        aria-modal={isOverlay || undefined}
        role={isOverlay ? 'dialog' : undefined}
        data-open={isMobileSidebarOpen}
        inert={!isWide && !isMobileSidebarOpen}
        className={compact ? ASIDE_COLLAPSED : ASIDE_EXPANDED}
        {...importer.dropHandlers}
      >
        <SidebarHeader
          compact={compact}
          isWide={isWide}
          onToggleCollapsed={() => setSidebarCollapsed(!isSidebarCollapsed)}
          onClose={closeOverlay}
        />
        <div className={compact ? 'px-2 pb-4' : 'space-y-3 px-4 pb-4'}>
          <NewChatButton
            compact={compact}
            onClick={() => {
              startNewChat()
              closeOverlay()
            }}
          />
          {!compact && <SearchBox query={query} onChange={setQuery} />}
          {!compact && !query && <NewFolderButton onCreate={filer.createFolder} />}
        </div>
        <ConversationList
          conversations={conversations}
          results={results}
          query={query}
          currentId={currentConversationId}
          compact={compact}
          hasMore={hasMoreConversations}
          onMore={loadMoreConversations}
          onOpen={open}
          onRename={renameConversation}
          onDelete={deleteConversation}
          onPin={filer.pin}
          onMove={filer.startMoving}
          filing={filer.filing}
        />
        <FilingDialogs filer={filer} />
        <PreferencesButton
          compact={compact}
          onClick={() => {
            closeOverlay()
            setPreferencesOpen(true)
          }}
        >
          <HistoryMenu compact={compact} importer={importer} onBeforeImport={closeOverlay} onOpenConversation={open} />
          <SignedInAs compact={compact} />
        </PreferencesButton>
      </aside>
    </>
  )
}

export default Sidebar
