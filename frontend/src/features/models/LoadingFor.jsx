import { useElapsedSeconds } from './useElapsedSeconds'

/** "Loading… 12 s", counted while LM Studio loads a model (minutes for a large one). */
const LoadingFor = ({ since }) => {
  const seconds = useElapsedSeconds(since)
  return <span className="tabular-nums">{`Loading… ${seconds} s`}</span>
}

export default LoadingFor
