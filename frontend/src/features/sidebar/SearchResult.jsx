import ConversationTitle from './ConversationTitle'
import Highlighted from './Highlighted'
import { ChatIcon } from '../../ui/icons'

/** A conversation found by search: its title and the piece of the message that matched. */
const SearchResult = ({ conversation, query, isCurrent, onOpen }) => (
  <li>
    <button
      type="button"
      onClick={onOpen}
      title={conversation.title}
      aria-current={isCurrent ? 'page' : undefined}
      className={
        isCurrent
          ? 'flex w-full items-start gap-3 rounded-lg bg-dark-lighter px-3 py-2.5 text-left text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
          : 'flex w-full items-start gap-3 rounded-lg px-3 py-2.5 text-left text-gray-300 transition-colors hover:bg-dark-lighter/60 hover:text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-primary'
      }
    >
      <ChatIcon className="mt-0.5 h-5 w-5 shrink-0" />
      <span className="min-w-0 flex-1">
        <ConversationTitle title={conversation.title} renderText={(text) => <Highlighted text={text} query={query} />} />
        {conversation.snippet && (
          <span className="mt-0.5 line-clamp-2 block break-words text-xs text-gray-300" data-testid="search-snippet">
            <Highlighted text={conversation.snippet} query={query} />
          </span>
        )}
      </span>
    </button>
  </li>
)

export default SearchResult
