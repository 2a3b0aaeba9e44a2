import type { StoreApi } from 'zustand/vanilla'
import type { VmStore } from './store.ts'
import type { AppCommand } from './keymap.ts'

/** Buttons, keys and (later) the console all run commands through here. */
export function runAppCommand(
  store: StoreApi<VmStore>,
  cmd: AppCommand,
  doc: Document = document,
): void {
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
    case 'fullscreen':
      toggleFullscreen(doc)
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
