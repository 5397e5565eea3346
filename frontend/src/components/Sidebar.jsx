import { useState } from 'react'
import { useChat } from '../contexts/ChatContext'
import { ChatIcon, ChevronLeftIcon, ChevronRightIcon, PlusIcon, TrashIcon } from './icons'

function countLabel(count) {
  return count === 1 ? '1 message' : `${count} messages`
}

/** Conversations: collapsible (w-80 / w-16), New Chat, the list with counts, delete on hover. */
const Sidebar = () => {
  const { conversations, currentConversationId, createConversation, deleteConversation, switchConversation } =
    useChat()
  const [isCollapsed, setIsCollapsed] = useState(false)

  return (
    <aside
      aria-label="Conversations"
      className={
        isCollapsed
          ? 'flex w-16 shrink-0 flex-col border-r border-dark-lighter bg-dark-light transition-all duration-300'
          : 'flex w-80 shrink-0 flex-col border-r border-dark-lighter bg-dark-light transition-all duration-300'
      }
    >
      <div className={isCollapsed ? 'flex items-center justify-center p-4' : 'flex items-center justify-between p-4'}>
        {!isCollapsed && (
          <h1 className="bg-gradient-to-r from-primary to-secondary bg-clip-text text-xl font-bold text-transparent">
            Chat AI
          </h1>
        )}
        <button
          type="button"
          onClick={() => setIsCollapsed((collapsed) => !collapsed)}
          aria-label={isCollapsed ? 'Expand sidebar' : 'Collapse sidebar'}
          aria-expanded={!isCollapsed}
          title={isCollapsed ? 'Expand sidebar' : 'Collapse sidebar'}
          className="rounded-lg p-2 text-gray-400 transition-colors hover:bg-dark-lighter hover:text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary"
        >
          {isCollapsed ? <ChevronRightIcon /> : <ChevronLeftIcon />}
        </button>
      </div>

      <div className={isCollapsed ? 'px-2 pb-4' : 'px-4 pb-4'}>
        <button
          type="button"
          onClick={() => createConversation()}
          aria-label="New Chat"
          title="New Chat"
          className={
            isCollapsed
              ? 'flex w-full items-center justify-center rounded-xl bg-gradient-to-r from-primary to-secondary p-3 text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light'
              : 'flex w-full items-center justify-center gap-2 rounded-xl bg-gradient-to-r from-primary to-secondary px-4 py-3 font-medium text-white transition-opacity hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light'
          }
        >
          <PlusIcon />
          {!isCollapsed && <span>New Chat</span>}
        </button>
      </div>

      <nav className="flex-1 overflow-y-auto px-2 pb-4" aria-label="Conversation list">
        {conversations.length === 0 && !isCollapsed && (
          <p className="px-3 py-6 text-center text-sm text-gray-500">No conversations yet</p>
        )}
        <ul className="space-y-1">
          {conversations.map((conversation) => {
            const isCurrent = conversation.id === currentConversationId
            return (
              <li key={conversation.id} className="group relative">
                <button
                  type="button"
                  onClick={() => switchConversation(conversation.id)}
                  aria-current={isCurrent ? 'page' : undefined}
                  aria-label={isCollapsed ? conversation.title : undefined}
                  title={conversation.title}
                  className={
                    isCurrent
                      ? 'flex w-full items-center gap-3 rounded-lg bg-dark-lighter px-3 py-2.5 text-left text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary'
                      : 'flex w-full items-center gap-3 rounded-lg px-3 py-2.5 text-left text-gray-300 transition-colors hover:bg-dark-lighter/60 hover:text-gray-100 focus:outline-none focus:ring-2 focus:ring-primary'
                  }
                >
                  <span className="relative shrink-0">
                    <ChatIcon />
                    {conversation.is_generating && (
                      <span className="absolute -right-1 -top-1 h-2 w-2 animate-pulse rounded-full bg-primary" />
                    )}
                  </span>
                  {!isCollapsed && (
                    <span className="min-w-0 flex-1 pr-6">
                      <span className="block truncate text-sm font-medium">{conversation.title}</span>
                      <span className="block text-xs text-gray-500">{countLabel(conversation.message_count)}</span>
                    </span>
                  )}
                </button>
                {!isCollapsed && (
                  <button
                    type="button"
                    onClick={() => deleteConversation(conversation.id)}
                    aria-label={`Delete conversation ${conversation.title}`}
                    title="Delete conversation"
                    className="absolute right-2 top-1/2 -translate-y-1/2 rounded-md p-1.5 text-gray-400 opacity-0 transition-opacity hover:bg-red-500/20 hover:text-red-400 focus:opacity-100 focus:outline-none focus:ring-2 focus:ring-red-400 group-hover:opacity-100"
                  >
                    <TrashIcon />
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      </nav>
    </aside>
  )
}

export default Sidebar
