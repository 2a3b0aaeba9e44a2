import { createContext, useContext } from 'react'

/**
 * Whether the panel reading it holds the stage's focus this step. With two panels on the
 * stage only the one the step is about marks its element with `data-focus` (see
 * focusOwner.ts); a panel drawn alone (a unit test, a single-panel stage) always does.
 */
export const StageFocusContext = createContext(true)

/** True when this panel should mark the element the step is about with `data-focus`. */
export const useOwnsStageFocus = (): boolean => useContext(StageFocusContext)

/** The attribute value for an element that is (or is not) this step's focus. */
export const focusAttr = (on: boolean): '' | undefined => (on ? '' : undefined)
