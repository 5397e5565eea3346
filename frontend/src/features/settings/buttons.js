// The settings screens' buttons, written out whole.
export const PRIMARY_BUTTON =
  'rounded-lg bg-gradient-to-r from-primary to-secondary px-4 py-2 text-sm font-medium text-white hover:opacity-90 focus:outline-none focus:ring-2 focus:ring-primary focus:ring-offset-2 focus:ring-offset-dark-light disabled:opacity-50'
export const DANGER_BUTTON =
  'rounded-lg border border-red-400/50 px-4 py-2 text-sm text-red-200 hover:bg-red-500/20 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400 disabled:opacity-50'
