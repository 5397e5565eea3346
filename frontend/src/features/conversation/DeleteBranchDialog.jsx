import ConfirmDialog from '../../ui/ConfirmDialog'

/** Asks before deleting `message` and what follows it on its branch. */
const DeleteBranchDialog = ({ message, onCancel, onConfirm }) => (
  <ConfirmDialog title="Delete this message and what follows?" confirmLabel="Delete" onCancel={onCancel} onConfirm={onConfirm}>
    {message.role === 'user'
      ? 'This message, its replies and every message after them on this branch will be deleted. Other branches stay.'
      : 'This reply and every message after it on this branch will be deleted. Other replies stay.'}
  </ConfirmDialog>
)

export default DeleteBranchDialog
