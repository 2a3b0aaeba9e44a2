// The chapter commands (] [ S T and the buttons), installed into commands.ts by the player's
// chunk so the first screen does not carry chapters.ts.
import type { StoreApi } from 'zustand/vanilla'
import { chaptersOfRun, nextChapterStart, prevChapterStart, skipSetupTarget } from './chapters.ts'
import { type ChapterCommand, setChapterRunner } from './commands.ts'
import type { VmStore } from './store.ts'

function runChapterCommand(store: StoreApi<VmStore>, cmd: ChapterCommand | 'chapters'): void {
  const s = store.getState()
  if (s.view.kind !== 'player') return
  const chapters = chaptersOfRun(s.view.scenario, s.view.run.trace.frames)
  if (cmd === 'chapters') {
    // Only where there is a list to show (ChapterMenu draws none for a single chapter).
    if (chapters.length > 1) s.setChaptersOpen(!s.chaptersOpen)
    return
  }
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

/** Called once by the player's controls; later calls change nothing. */
export function installChapterCommands(): void {
  setChapterRunner(runChapterCommand)
}
