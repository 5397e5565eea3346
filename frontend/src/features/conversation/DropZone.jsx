/** Over the conversation while files are dragged over it: where they will go. */
const DropZone = () => (
  <div
    className="pointer-events-none absolute inset-2 z-30 flex items-center justify-center rounded-2xl border-2 border-dashed border-primary bg-dark/80 text-lg text-gray-100"
    data-testid="drop-zone"
  >
    Drop files to attach them to your message
  </div>
)

export default DropZone
