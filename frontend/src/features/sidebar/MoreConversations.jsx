import { useEffect, useRef } from 'react'

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

export default MoreConversations
