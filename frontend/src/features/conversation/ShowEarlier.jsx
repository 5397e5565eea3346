/** Above the first message shown: the `count` earlier ones, a page at a time (`markerRef`'s
 * element, watched as it comes near, brings them in by itself). */
const ShowEarlier = ({ count, markerRef, onClick }) => (
  <div ref={markerRef} className="mb-4 flex justify-center">
    <button
      type="button"
      onClick={onClick}
      className="rounded-full border border-dark-lighter px-4 py-1.5 text-sm text-gray-300 hover:bg-dark-light focus:outline-none focus-visible:ring-2 focus-visible:ring-primary"
    >
      Show earlier messages ({count})
    </button>
  </div>
)

export default ShowEarlier
