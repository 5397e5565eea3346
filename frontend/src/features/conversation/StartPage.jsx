import { ChatIcon } from '../../ui/icons'

/**
 * What the start page shows above its message box: a greeting that says who will answer. No
 * cards or buttons that look like suggestions: the box below is the one thing to use.
 */
const StartPage = ({ notice, model }) => (
  <div className="flex flex-1 flex-col items-center justify-center px-4 py-10 text-center">
    {notice && (
      <p role="status" className="mb-6 rounded-lg border border-amber-500/40 bg-amber-500/10 px-4 py-2 text-sm text-amber-200">
        {notice}
      </p>
    )}
    <div className="mb-5 flex h-14 w-14 items-center justify-center rounded-2xl bg-gradient-to-br from-primary to-secondary shadow-lg shadow-primary/30">
      <ChatIcon className="h-7 w-7 text-white" />
    </div>
    <h2 className="mb-2 text-2xl font-semibold text-gray-100 sm:text-3xl">Welcome to Chat AI</h2>
    <p className="max-w-md text-gray-300">
      {model ? (
        <>
          Type a message below and <span className="font-medium text-gray-100">{model}</span> answers, through LM Studio.
        </>
      ) : (
        'Type a message below and the model loaded in LM Studio answers.'
      )}
    </p>
  </div>
)

export default StartPage
