import type { StoreApi } from 'zustand/vanilla'
import { chaptersOfRun, nextChapterStart, prevChapterStart, skipSetupTarget } from './chapters.ts'
import type { VmStore } from './store.ts'
import type { AppCommand } from './keymap.ts'

/** Jumps between the scenario's phases (chapters.ts). */
export type ChapterCommand = 'next-chapter' | 'prev-chapter' | 'skip-setup'

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
      // Only where there is a list to show (ChapterMenu draws none for a single chapter).
      if (
        s.view.kind === 'player' &&
        chaptersOfRun(s.view.scenario, s.view.run.trace.frames).length > 1
      )
        s.setChaptersOpen(!s.chaptersOpen)
      return
    case 'fullscreen':
      // The document only here, so the other commands run in Node (tests, no browser).
      toggleFullscreen(doc ?? document)
      return
    case 'next-chapter':
    case 'prev-chapter':
    case 'skip-setup':
      jumpToChapter(store, cmd)
      return
    default:
      s.run(cmd)
  }
}

function jumpToChapter(store: StoreApi<VmStore>, cmd: ChapterCommand): void {
  const s = store.getState()
  if (s.view.kind !== 'player') return
  const chapters = chaptersOfRun(s.view.scenario, s.view.run.trace.frames)
  const cursor = s.playback.cursor
  const target =
    cmd === 'next-chapter'
      ? nextChapterStart(chapters, cursor)
      : cmd === 'prev-chapter'
        ? prevChapterStart(chapters, cursor)
        : skipSetupTarget(chapters, cursor)
  // Like a click on a script line: the cursor moves, playback (if running) carries on.
  if (target !== null) s.seek(target)
}

function toggleFullscreen(doc: Document): void {
  // Refused in iframes without allowfullscreen and in some headless setups: not an error.
  const done = doc.fullscreenElement
    ? doc.exitFullscreen?.()
    : doc.documentElement.requestFullscreen?.()
  done?.catch(() => {})
}
