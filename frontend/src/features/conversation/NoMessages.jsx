import { ChatIcon } from '../../ui/icons'

/** An open conversation with nothing in it yet. */
const NoMessages = () => (
  <div className="flex flex-col items-center justify-center py-16 text-gray-400">
    <ChatIcon className="mb-3 h-10 w-10" />
    <p>No messages yet</p>
    <p className="mt-1 text-sm">Send a message to start the conversation.</p>
  </div>
)

export default NoMessages
