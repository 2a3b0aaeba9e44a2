import type { StoreApi } from 'zustand/vanilla'
import type { VmStore } from './store.ts'
import type { AppCommand } from './keymap.ts'

/** Jumps between the scenario's phases (chapters.ts). */
export type ChapterCommand = 'next-chapter' | 'prev-chapter' | 'skip-setup'

/** The chapter commands' runner: chapterCommands.ts, which the player's chunk installs. */
type ChapterRunner = (store: StoreApi<VmStore>, cmd: ChapterCommand | 'chapters') => void
let chapterRunner: ChapterRunner | null = null

/**
 * Installs the chapter commands. They live with the player (chapters are a player's), so the
 * first screen's chunk does not carry them; before a player has loaded there are none to run.
 */
export function setChapterRunner(run: ChapterRunner): void {
  chapterRunner = run
}

/**
 * The question press (issue 19): given next/prev, shows or drops a question instead of moving
 * and says so (true), or leaves the press to playback (false). The player's chunk installs it
 * (components/Quiz/quizRunner.ts), so the first screen carries no question code.
 */
type QuizRunner = (store: StoreApi<VmStore>, cmd: 'next' | 'prev') => boolean
let quizRunner: QuizRunner | null = null

export function setQuizRunner(run: QuizRunner | null): void {
  quizRunner = run
}

/** Buttons, keys and (later) the console all run commands through here. */
export function runAppCommand(store: StoreApi<VmStore>, cmd: AppCommand, doc?: Document): void {
  const s = store.getState()
  switch (cmd) {
    case 'presenter':
      s.setPresenter(!s.prefs.presenter)
      return
    case 'help':
      s.setHelpOpen(!s.helpOpen)
      return
    case 'console':
      if (s.view.kind === 'player') s.setConsoleOpen(!s.consoleOpen)
      return
    case 'chapters':
    case 'next-chapter':
    case 'prev-chapter':
    case 'skip-setup':
      chapterRunner?.(store, cmd)
      return
    case 'fullscreen':
      // The document only here, so the other commands run in Node (tests, no browser).
      toggleFullscreen(doc ?? document)
      return
    case 'next':
    case 'prev':
      if (quizRunner?.(store, cmd)) return
      s.run(cmd)
      return
    default:
      s.run(cmd)
  }
}

function toggleFullscreen(doc: Document): void {
  // Refused in iframes without allowfullscreen and in some headless setups: not an error.
  const done = doc.fullscreenElement
    ? doc.exitFullscreen?.()
    : doc.documentElement.requestFullscreen?.()
  done?.catch(() => {})
}
