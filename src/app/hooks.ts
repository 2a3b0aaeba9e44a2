import { useEffect } from 'react'
import { htmlLang, initI18n } from '../i18n/index.ts'
import { runAppCommand } from '../state/commands.ts'
import { commandForKey } from '../state/keymap.ts'
import { selectPrefs } from '../state/selectors.ts'
import { useVmStore, vmStore } from '../state/store.ts'

/** Keeps <html lang>, theme and presenter attributes and the i18n language in step with prefs. */
export function useDocumentPrefs(): void {
  const prefs = useVmStore(selectPrefs)
  useEffect(() => {
    const root = document.documentElement
    root.lang = htmlLang(prefs.lang)
    initI18n(prefs.lang)
    if (prefs.theme === 'system') delete root.dataset.theme
    else root.dataset.theme = prefs.theme
    root.classList.toggle('presenter', prefs.presenter)
    root.classList.toggle('embed', prefs.embed)
  }, [prefs])
}

const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))

/** Global keys (KEYMAP). Works inside an iframe once the frame has focus. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || isTyping(e.target)) return
      // Space and Enter on a focused button press that button, not "next".
      if ((e.key === ' ' || e.key === 'Enter') && e.target instanceof HTMLButtonElement) return
      const cmd = commandForKey(e)
      if (!cmd) return
      if (vmStore.getState().helpOpen && cmd !== 'help') return
      e.preventDefault()
      runAppCommand(vmStore, cmd)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

/** The app's one animation-frame loop: drives auto-play with clamped deltas. */
export function usePlaybackLoop(): void {
  const playing = useVmStore((s) => s.playback.status === 'playing')
  useEffect(() => {
    if (!playing) return
    let last = performance.now()
    let id = requestAnimationFrame(function frame(now) {
      vmStore.getState().tick(now - last)
      last = now
      id = requestAnimationFrame(frame)
    })
    return () => cancelAnimationFrame(id)
  }, [playing])
}
