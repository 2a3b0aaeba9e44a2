import type { UiKey } from '../i18n/index.ts'
import type { ChapterCommand } from './commands.ts'
import type { PlaybackCommand } from './store.ts'

export type AppCommand =
  PlaybackCommand | ChapterCommand | 'chapters' | 'presenter' | 'fullscreen' | 'help' | 'console'

export interface KeyBinding {
  /** KeyboardEvent.key values. */
  readonly keys: readonly string[]
  /** What the help dialog shows. */
  readonly legend: readonly string[]
  readonly command: AppCommand
  readonly label: UiKey
}

/**
 * One table drives the key handler and the on-screen legend. Keys match slide software:
 * clickers send PageDown/PageUp (some send arrows), Space advances, Home/End jump.
 */
export const KEYMAP: readonly KeyBinding[] = [
  {
    keys: ['ArrowRight', ' ', 'PageDown'],
    legend: ['→', 'Space', 'PageDown'],
    command: 'next',
    label: 'key.next',
  },
  { keys: ['ArrowLeft', 'PageUp'], legend: ['←', 'PageUp'], command: 'prev', label: 'key.prev' },
  { keys: ['Home'], legend: ['Home'], command: 'first', label: 'key.first' },
  { keys: ['End'], legend: ['End'], command: 'last', label: 'key.last' },
  { keys: ['k', 'K'], legend: ['K'], command: 'toggle-play', label: 'key.play' },
  // Chapters (the scenario's phases): two neighbouring keys that need no Shift on US layouts.
  { keys: [']'], legend: [']'], command: 'next-chapter', label: 'key.nextChapter' },
  { keys: ['['], legend: ['['], command: 'prev-chapter', label: 'key.prevChapter' },
  { keys: ['s', 'S'], legend: ['S'], command: 'skip-setup', label: 'key.skipSetup' },
  { keys: ['t', 'T'], legend: ['T'], command: 'chapters', label: 'key.chapters' },
  { keys: ['p', 'P'], legend: ['P'], command: 'presenter', label: 'key.presenter' },
  { keys: ['f', 'F'], legend: ['F'], command: 'fullscreen', label: 'key.fullscreen' },
  { keys: ['c', 'C'], legend: ['C'], command: 'console', label: 'key.console' },
  { keys: ['?'], legend: ['?'], command: 'help', label: 'key.help' },
]

export function commandForKey(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): AppCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  return KEYMAP.find((b) => b.keys.includes(e.key))?.command ?? null
}
