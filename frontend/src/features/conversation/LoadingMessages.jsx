import { SpinnerIcon } from '../../ui/icons'

const LoadingMessages = () => (
  <div className="flex items-center justify-center gap-3 py-16 text-gray-400">
    <SpinnerIcon />
    <span>Loading messages...</span>
  </div>
)

export default LoadingMessages
