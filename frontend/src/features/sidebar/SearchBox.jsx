import { SearchIcon } from '../../ui/icons'
import { SEARCH_INPUT_ID } from '../../utils/focus'

/** The search field above the list; Escape empties it. */
const SearchBox = ({ query, onChange }) => (
  <div className="relative">
    <SearchIcon className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-gray-400" />
    <input
      id={SEARCH_INPUT_ID}
      type="search"
      value={query}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && query) {
          event.preventDefault()
          onChange('')
        }
      }}
      placeholder="Search conversations"
      aria-label="Search conversations"
      className="w-full rounded-lg border border-dark-lighter bg-dark py-2 pl-9 pr-3 text-sm text-gray-100 placeholder-gray-400 focus:outline-none focus:ring-2 focus:ring-primary"
    />
  </div>
)

export default SearchBox
