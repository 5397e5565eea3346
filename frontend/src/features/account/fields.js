// The account screens' labels and headings, written out whole (their inputs are the settings'
// INPUT_CLASS, their outcomes the settings' Outcome).
export const LABEL = 'grid gap-1 text-sm text-gray-200'
export const HEADING = 'text-base font-semibold text-white'
export const NOTE = 'text-sm text-gray-300'
export const SMALL_BUTTON =
  'rounded-md border border-dark-lighter px-2 py-1 text-xs text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:opacity-50'
