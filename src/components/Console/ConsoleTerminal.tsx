import '@xterm/xterm/css/xterm.css'
import { Terminal } from '@xterm/xterm'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { parseLine, resultText, runWord } from '../../console/index.ts'
import {
  complete,
  emptyHistory,
  historyDown,
  historyPush,
  historyUp,
} from '../../console/interactive.ts'
import { initialMachine } from '../../engine/index.ts'
import { type EditLine, atEnd, editKey, emptyLine, insertText } from '../../console/lineEdit.ts'
import { RED, RESET, colourise } from './colourise.ts'
import { selectPrefs } from '../../state/selectors.ts'
import { useVmStore, vmStore } from '../../state/store.ts'

const PROMPT = '\x1b[1;34mvmscope>\x1b[0m '
// Custom properties hold light-dark() expressions, so read resolved colours off the element.
function themeFrom(el: HTMLElement): { background: string; foreground: string; cursor: string } {
  const css = getComputedStyle(el)
  return { background: css.backgroundColor, foreground: css.color, cursor: css.color }
}

/** The xterm.js terminal; loaded lazily, so the first screen stays light. */
export default function ConsoleTerminal() {
  const { t } = useTranslation()
  const prefs = useVmStore(selectPrefs)
  const host = useRef<HTMLDivElement>(null)
  const term = useRef<Terminal | null>(null)

  useEffect(() => {
    const el = host.current
    if (!el) return
    const terminal = new Terminal({
      screenReaderMode: true,
      convertEol: true,
      cursorBlink: true,
      rows: 10,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    })
    term.current = terminal
    terminal.open(el)
    let ed: EditLine = emptyLine
    let history = emptyHistory
    // The prompt and the line, then the cursor moved back to where editing happens.
    const redraw = () =>
      terminal.write(
        `\r\x1b[2K${PROMPT}${ed.line}` +
          (ed.cursor < ed.line.length ? `\x1b[${ed.line.length - ed.cursor}D` : ''),
      )
    const print = (text: string) => terminal.write(`${text}\r\n`)

    const submit = () => {
      terminal.write('\r\n')
      const text = ed.line
      ed = emptyLine
      history = historyPush(history, text)
      const lang = vmStore.getState().prefs.lang
      // null: a blank or comment line; undefined: a line the store reports the error of.
      const parsed = parseLine(text, 1)
      const line = parsed.ok ? parsed.value : undefined
      if (line === null) {
        // nothing
      } else if (line?.kind === 'word') {
        // A console word (help, info, x, history, clear) reads the machine at the end of the
        // trace and the terminal's session; it adds no line to the script.
        const word = line
        if (word.def.terminal === 'clear') terminal.clear()
        const view = vmStore.getState().view
        const machine = view.kind === 'player' ? view.run.machine : initialMachine
        const res = runWord(word, machine, { lang, history: history.entries })
        for (const l of resultText(res)) print(colourise(l))
      } else {
        const r = vmStore.getState().appendLine(text)
        if (r.ok) {
          for (const res of r.results) for (const l of resultText(res)) print(colourise(l))
        } else {
          print(`${' '.repeat(PROMPT_WIDTH + r.error.column - 1)}${RED}^${RESET}`)
          print(`${RED}error at column ${r.error.column}: ${r.error.message}${RESET}`)
        }
      }
      terminal.write(PROMPT)
    }

    const onData = terminal.onData((data) => {
      if (data === '\x1b[A' || data === '\x1b[B') {
        const r = data === '\x1b[A' ? historyUp(history, ed.line) : historyDown(history, ed.line)
        history = r.history
        ed = atEnd(r.line)
        redraw()
        return
      }
      // A whole escape sequence (arrows, Home, End, Delete) is one editing key.
      const edited = editKey(ed, data)
      if (edited) {
        ed = edited
        redraw()
        return
      }
      if (data.startsWith('\x1b')) return // F-keys and others do nothing here
      for (const ch of data) {
        if (ch === '\r') submit()
        else if (ch === '\t') {
          const c = complete(ed.line)
          if (c.candidates.length > 1 && c.line === ed.line) {
            terminal.write('\r\n' + c.candidates.join('  ') + '\r\n')
          }
          ed = atEnd(c.line)
        } else if (ch === '\x03') {
          terminal.write('^C\r\n')
          ed = emptyLine
        } else if (ch === '\x0c') {
          terminal.clear()
        } else ed = editKey(ed, ch) ?? insertText(ed, ch)
      }
      redraw()
    })
    // Escape hands the keys back to the stage, so a clicker steps again at once: focus moves
    // to the Console button (still in the tab order, no longer a text field).
    terminal.attachCustomKeyEventHandler((e) => {
      if (e.key !== 'Escape') return true
      if (e.type === 'keydown') {
        terminal.blur()
        el.closest('.console-panel')?.querySelector<HTMLElement>('.console-bar button')?.focus()
      }
      return false
    })
    terminal.write(PROMPT)
    terminal.focus()
    return () => {
      onData.dispose()
      terminal.dispose()
      term.current = null
    }
  }, [])

  // Follow the theme and presenter mode (larger font). The app sets the theme attribute in a
  // parent effect, which runs after this one, so read the colours on the next frame.
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      const terminal = term.current
      const el = host.current
      if (!terminal || !el) return
      terminal.options.theme = themeFrom(el)
      const size = prefs.presenter ? 24 : 15
      terminal.options.fontSize = size
      terminal.resize(
        Math.max(40, Math.floor(el.clientWidth / (size * 0.62))),
        prefs.presenter ? 8 : 10,
      )
    })
    return () => cancelAnimationFrame(id)
  }, [prefs.theme, prefs.presenter])

  return (
    <div
      ref={host}
      className="console-term"
      data-testid="console"
      aria-label={t('console.label')}
    />
  )
}

// Width of "vmscope> " as printed, for placing the caret under an error column.
const PROMPT_WIDTH = 'vmscope> '.length
