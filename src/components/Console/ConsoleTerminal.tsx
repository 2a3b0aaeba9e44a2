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
import { LETTERS, choiceOfLetter, predictLine } from '../../quiz/predict.ts'
import { checkAnswer, parseWhole } from '../../quiz/questions.ts'
import type { Generated } from '../../quiz/types.ts'
import { type Scenario, scenarioScript } from '../../scenarios/index.ts'
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
    // `predict LINE` (issue 19): the question waits here until `answer`; LINE runs after it.
    let pending: { readonly line: string; readonly g: Generated } | null = null
    const runForReal = (text: string) => {
      const r = vmStore.getState().appendLine(text)
      if (r.ok) for (const res of r.results) for (const l of resultText(res)) print(colourise(l))
      else print(`${RED}error at column ${r.error.column}: ${r.error.message}${RESET}`)
    }
    /** Handles predict/answer; false for any other line. */
    const quizLine = (text: string, lang: 'en' | 'zh'): boolean => {
      const m = /^\s*(predict|answer)\b\s*(.*)$/i.exec(text)
      if (!m) return false
      const word = (m[1] ?? '').toLowerCase()
      const rest = m[2] ?? ''
      const plain = (t: string) => t.replaceAll('`', '')
      if (word === 'predict') {
        const view = vmStore.getState().view
        if (view.kind !== 'player') return true
        const lines = scriptLineCount(view.scenario) + view.extra.length
        const q = predictLine(view.run, lines, rest)
        if (!q.ok) {
          const col = q.error.column === null ? null : text.length - rest.length + q.error.column
          if (col !== null) print(`${' '.repeat(PROMPT_WIDTH + col - 1)}${RED}^${RESET}`)
          print(
            `${RED}${col === null ? '' : `error at column ${col}: `}${plain(q.error.message[lang])}${RESET}`,
          )
          return true
        }
        pending = { line: rest.trim(), g: q.value }
        print(`? ${plain(q.value.prompt[lang])}`)
        if (q.value.type === 'choice')
          q.value.choices.forEach((c, i) => print(`  ${LETTERS[i]}) ${plain(c.label[lang])}`))
        print(
          lang === 'zh'
            ? plain('用 `answer` 加字母（或数字）作答；答完这一行才真正运行。')
            : 'Answer with answer and a letter (or a number); the line runs once you have answered.',
        )
        return true
      }
      if (!pending) {
        print(
          `${RED}${lang === 'zh' ? plain('没有待答的问题：先用 `predict` 提一行') : 'no question waiting: predict a line first'}${RESET}`,
        )
        return true
      }
      const { g, line } = pending
      const value = g.type === 'choice' ? choiceOfLetter(g, rest) : rest.trim()
      if (value === null || (g.type === 'number' && parseWhole(value) === null)) {
        print(
          `${RED}${
            g.type === 'choice'
              ? lang === 'zh'
                ? `请用 ${LETTERS.slice(0, g.choices.length)} 中的一个字母作答`
                : `answer with one of the letters ${LETTERS.slice(0, g.choices.length)}`
              : lang === 'zh'
                ? '请用整数作答，例如 4 或 0x18'
                : 'answer with a whole number, e.g. 4 or 0x18'
          }${RESET}`,
        )
        return true
      }
      pending = null
      const right = checkAnswer(g, value)
      print(
        right
          ? `✓ ${lang === 'zh' ? '答对了' : 'Right'}`
          : `✗ ${lang === 'zh' ? '不对，答案是' : 'Not quite: the answer is'} ${plain(g.answerText[lang])}`,
      )
      print(plain(g.explanation[lang]))
      runForReal(line)
      return true
    }

    const submit = () => {
      terminal.write('\r\n')
      const text = ed.line
      ed = emptyLine
      history = historyPush(history, text)
      const lang = vmStore.getState().prefs.lang
      // null: a blank or comment line; undefined: a line the store reports the error of.
      const parsed = parseLine(text, 1)
      const line = parsed.ok ? parsed.value : undefined
      if (quizLine(text, lang)) {
        // asked or answered above
      } else if (line === null) {
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
        // Any other line drops a waiting question (it was about the machine before this line).
        pending = null
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

/** Lines of the scenario's own script (a loaded script has none): `predict` runs on after them. */
function scriptLineCount(s: Scenario): number {
  const { source } = scenarioScript(s)
  return source === '' ? 0 : source.split('\n').length
}
