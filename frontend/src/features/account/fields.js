// The account screens' fields and headings, written out whole.
export const INPUT =
  'mt-1 w-full rounded-lg border border-dark-lighter bg-dark px-3 py-2 text-sm text-gray-100 focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary'
export const LABEL = 'block text-sm text-gray-200'
export const HEADING = 'text-base font-semibold text-white'
export const NOTE = 'text-sm text-gray-300'
export const SMALL_BUTTON =
  'rounded-md border border-dark-lighter px-2 py-1 text-xs text-gray-200 hover:bg-dark-lighter focus:outline-none focus-visible:ring-2 focus-visible:ring-primary disabled:opacity-50'
