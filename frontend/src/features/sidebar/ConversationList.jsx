import { useMemo } from 'react'
import FolderSection from '../folders/FolderSection'
import { splitSections } from '../folders/sections'
import ConversationItem from './ConversationItem'
import MoreConversations from './MoreConversations'
import SearchResult from './SearchResult'
import { groupConversations } from './groups'
import { distinctInitials } from './initials'

const NO_FOLDERS = { folders: [], contents: {}, open: new Set() }

/**
 * The conversations: Pinned first, then each folder (`filing`: { folders, contents, open, … }:
 * see Sidebar), then the rest grouped by date; or the search's `results` (null: no search) with
 * the piece of each that matched. The next page is asked for as the end scrolls into view.
 * `compact`: icons only, by date, without sections. `onOpen(id, messageId)` opens one (at the
 * message a search found); `onPin(conversation)`, `onMove(conversation)` file one.
 */
const ConversationList = ({
  conversations,
  results,
  query,
  currentId,
  compact,
  hasMore,
  onMore,
  onOpen,
  onRename,
  onDelete,
  onPin,
  onMove,
  filing = NO_FOLDERS,
}) => {
  const sections = useMemo(
    () => (results || compact ? null : splitSections(conversations, filing.folders, filing.contents)),
    [results, compact, conversations, filing.folders, filing.contents],
  )
  const groups = useMemo(
    () => (results ? [] : groupConversations(sections ? sections.rest : conversations)),
    [results, sections, conversations],
  )
  // Collapsed, rows are told apart by their initials: different for each conversation listed.
  const initials = useMemo(() => {
    if (!compact) return null
    const shown = distinctInitials(conversations.map((conversation) => conversation.title))
    return new Map(conversations.map((conversation, index) => [conversation.id, shown[index]]))
  }, [compact, conversations])
  const row = (conversation) => (
    <ConversationItem
      key={conversation.id}
      conversation={conversation}
      isCurrent={conversation.id === currentId}
      compact={compact}
      initials={initials?.get(conversation.id)}
      onOpen={() => onOpen(conversation.id)}
      onRename={(title) => onRename(conversation.id, title)}
      onDelete={() => onDelete(conversation.id)}
      onPin={onPin ? () => onPin(conversation) : undefined}
      onMove={onMove ? () => onMove(conversation) : undefined}
    />
  )
  return (
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
              isCurrent={conversation.id === currentId}
              onOpen={() => onOpen(conversation.id, conversation.match_message_id)}
            />
          ))}
        </ul>
      )}
      {sections && sections.pinned.length > 0 && (
        <section aria-label="Pinned" className="mb-3">
          <h2 className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-gray-400">Pinned</h2>
          <ul className="space-y-1">{sections.pinned.map(row)}</ul>
        </section>
      )}
      {sections && sections.folders.length > 0 && (
        <div className="mb-3">
          {sections.folders.map(({ folder, conversations: filed }) => (
            <FolderSection
              key={folder.id}
              folder={folder}
              count={filed.length}
              isOpen={filing.open.has(folder.id)}
              onToggle={() => filing.onToggle(folder.id)}
              onRename={(name) => filing.onRename(folder.id, name)}
              onDelete={() => filing.onDelete(folder, filed.length)}
              onDropConversation={(id) => filing.onDropConversation(id, folder.id)}
            >
              {filed.map(row)}
            </FolderSection>
          ))}
        </div>
      )}
      {groups.map((group) => (
        <section key={group.name} aria-label={group.name} className="mb-3">
          {!compact && <h2 className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-gray-400">{group.name}</h2>}
          <ul className="space-y-1">{group.conversations.map(row)}</ul>
        </section>
      ))}
      {!results && hasMore && !compact && <MoreConversations onMore={onMore} />}
    </nav>
  )
}

export default ConversationList
