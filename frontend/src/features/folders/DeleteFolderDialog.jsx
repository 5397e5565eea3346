import ConfirmDialog from '../../ui/ConfirmDialog'

/** Asks before deleting a folder, and says what happens to its conversations (nothing). */
const DeleteFolderDialog = ({ folder, count, onConfirm, onCancel }) => (
  <ConfirmDialog title={`Delete the folder “${folder.name}”?`} confirmLabel="Delete folder" onConfirm={onConfirm} onCancel={onCancel}>
    {count === 0
      ? 'It is empty.'
      : `Its ${count === 1 ? 'conversation stays' : `${count} conversations stay`}, outside any folder. Nothing is deleted but the folder.`}
  </ConfirmDialog>
)

export default DeleteFolderDialog
