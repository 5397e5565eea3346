import { ChatProvider } from './contexts/ChatContext'
import Sidebar from './components/Sidebar'
import ChatWindow from './components/ChatWindow'
import HealthBanner from './components/HealthBanner'

function App() {
  return (
    <ChatProvider>
      <div className="flex h-screen overflow-hidden bg-dark text-gray-100">
        <Sidebar />
        <div className="flex min-w-0 flex-1 flex-col">
          <HealthBanner />
          <ChatWindow />
        </div>
      </div>
    </ChatProvider>
  )
}

export default App
