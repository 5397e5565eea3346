import { useElapsedSeconds } from './useElapsedSeconds'

/** "Loading… 12 s", counted while LM Studio loads a model (minutes for a large one): seen, not
 * read out each second — the row's status says "Loading <model>…" once. */
const LoadingFor = ({ since }) => {
  const seconds = useElapsedSeconds(since)
  return (
    <span aria-hidden="true" className="tabular-nums">
      {`Loading… ${seconds} s`}
    </span>
  )
}

export default LoadingFor
