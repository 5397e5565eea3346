/** What saving (or applying) did: { text, isError } (settingsForm's succeeded / failed) as a
 * status, or as an alert when it failed. */
const Outcome = ({ message }) =>
  message ? (
    <span role={message.isError ? 'alert' : 'status'} className={message.isError ? 'text-sm text-red-300' : 'text-sm text-emerald-300'}>
      {message.text}
    </span>
  ) : null

export default Outcome
