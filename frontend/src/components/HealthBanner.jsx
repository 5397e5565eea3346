import { useChat } from '../contexts/ChatContext'
import { WarningIcon } from './icons'

/** Says what to do when the backend or LM Studio does not answer; disappears once they do. */
const HealthBanner = () => {
  const { health } = useChat()
  if (!health) return null

  let title = null
  let advice = null
  if (!health.backend) {
    title = 'The backend is not answering.'
    advice = health.message || 'Start it with ./start-backend.sh.'
  } else if (health.lmStudio && !health.lmStudio.reachable) {
    if (health.lmStudio.code === 'lm_studio_unreachable') {
      title = `LM Studio is not reachable at ${health.lmStudio.url}.`
      advice = "Open LM Studio, start its local server (Developer tab → Start Server, port 1234) and load a model. This notice clears by itself once LM Studio answers."
    } else {
      title = 'LM Studio is not answering properly.'
      advice = health.lmStudio.error
    }
  } else if (health.lmStudio && health.lmStudio.models.length === 0) {
    title = 'LM Studio has no model available.'
    advice = 'Load (or download) a model in LM Studio, then send your message.'
  }
  if (!title) return null

  return (
    <div role="alert" className="flex items-start gap-3 border-b border-amber-500/40 bg-amber-500/10 px-4 py-3 text-sm text-amber-200">
      <WarningIcon className="mt-0.5 h-5 w-5 shrink-0" />
      <div>
        <p className="font-semibold">{title}</p>
        {advice && <p className="mt-0.5 text-amber-200/90">{advice}</p>}
      </div>
    </div>
  )
}

export default HealthBanner
