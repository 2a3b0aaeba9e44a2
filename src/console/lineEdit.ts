// Line editing for the interactive console, as readline users expect: a pure function from
// (line, cursor, key sequence) to the new line and cursor, so it is tested without a terminal.

export interface EditLine {
  readonly line: string
  /** 0..line.length: where the next typed character goes. */
  readonly cursor: number
}

export const emptyLine: EditLine = { line: '', cursor: 0 }

/** What one key sequence from the terminal does; null if it is not a line-editing key. */
export function editKey(s: EditLine, key: string): EditLine | null {
  const { line, cursor } = s
  switch (key) {
    case '\x1b[D': // Left
    case '\x02': // Ctrl+B
      return { line, cursor: Math.max(0, cursor - 1) }
    case '\x1b[C': // Right
    case '\x06': // Ctrl+F
      return { line, cursor: Math.min(line.length, cursor + 1) }
    case '\x1b[H': // Home (xterm sends either form)
    case '\x1bOH':
    case '\x01': // Ctrl+A
      return { line, cursor: 0 }
    case '\x1b[F': // End
    case '\x1bOF':
    case '\x05': // Ctrl+E
      return { line, cursor: line.length }
    case '\x7f': // Backspace
    case '\b':
      return cursor === 0
        ? s
        : { line: line.slice(0, cursor - 1) + line.slice(cursor), cursor: cursor - 1 }
    case '\x1b[3~': // Delete
      return { line: line.slice(0, cursor) + line.slice(cursor + 1), cursor }
    case '\x15': // Ctrl+U: delete everything before the cursor
      return { line: line.slice(cursor), cursor: 0 }
    case '\x0b': // Ctrl+K: delete from the cursor to the end
      return { line: line.slice(0, cursor), cursor }
    case '\x17': {
      // Ctrl+W: delete the word before the cursor (and the spaces after it). Browsers keep
      // Ctrl+W for closing the tab, so help does not advertise it; terminals send it.
      const before = line.slice(0, cursor).replace(/\S*\s*$/, '')
      return { line: before + line.slice(cursor), cursor: before.length }
    }
    default:
      return null
  }
}

/** Inserts typed text (printable characters only) at the cursor. */
export function insertText(s: EditLine, text: string): EditLine {
  const printable = [...text].filter((c) => c >= ' ' && c !== '\x7f').join('')
  return {
    line: s.line.slice(0, s.cursor) + printable + s.line.slice(s.cursor),
    cursor: s.cursor + printable.length,
  }
}

/** A whole new line (history, completion) with the cursor at its end. */
export const atEnd = (line: string): EditLine => ({ line, cursor: line.length })
