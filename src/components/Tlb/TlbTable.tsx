import type { ReactNode } from 'react'
import { focusAttr } from '../Player/focusContext.ts'

/** How a TLB entry stands at this step: what the last column says and the row's class. */
export interface TlbMarks {
  readonly hit: boolean
  readonly filled: boolean
  /** Filled when the walk under way at this step ends. */
  readonly pending: boolean
}

/** One column before the note column: its header and what a row shows in it. */
export interface TlbColumn<R> {
  readonly head: ReactNode
  readonly cell: (row: R) => ReactNode
}

interface TlbTableProps<R extends TlbMarks> {
  /** The section's class (the panel's styles) and its accessible name. */
  readonly className: string
  readonly label: string
  readonly heading: ReactNode
  /** Shown between the heading and the table (e.g. what a flush removed). */
  readonly notice?: ReactNode
  /** The paragraph shown instead of the table when the TLB is empty. */
  readonly empty: { readonly text: string; readonly className: string }
  readonly rows: readonly R[]
  readonly rowKey: (row: R) => string
  readonly rowTestId?: (row: R) => string
  readonly columns: readonly TlbColumn<R>[]
  /** The note column: its header and the words for a hit, a new entry and a pending fill. */
  readonly note: {
    readonly head: string
    readonly hit: string
    readonly filled: string
    readonly pending: string
  }
  /** Give pending rows the class `pending` too (hit and filled rows always get theirs). */
  readonly markPending?: boolean
  /**
   * What this step is about, marked `data-focus`: the heading (a miss, a flush), or the marked
   * rows (hit, filled, and pending ones when they are marked).
   */
  readonly focus?: 'heading' | 'rows' | null
}

/** The TLB contents as a table, with this step's hit, fill or pending fill marked. */
export function TlbTable<R extends TlbMarks>({
  className,
  label,
  heading,
  notice = null,
  empty,
  rows,
  rowKey,
  rowTestId,
  columns,
  note,
  markPending = false,
  focus = null,
}: TlbTableProps<R>) {
  return (
    <section className={className} aria-label={label}>
      <h3 data-focus={focusAttr(focus === 'heading')}>{heading}</h3>
      {notice}
      {rows.length === 0 ? (
        <p className={empty.className}>{empty.text}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col">
                  {c.head}
                </th>
              ))}
              <th scope="col">{note.head}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={rowKey(r)}
                className={
                  r.hit
                    ? 'hit'
                    : r.filled
                      ? 'filled'
                      : markPending && r.pending
                        ? 'pending'
                        : undefined
                }
                data-testid={rowTestId?.(r)}
                data-focus={focusAttr(
                  focus === 'rows' && (r.hit || r.filled || (markPending && r.pending)),
                )}
              >
                {columns.map((c, i) => (
                  <td key={i}>{c.cell(r)}</td>
                ))}
                <td>
                  {r.hit
                    ? `✔ ${note.hit}`
                    : r.filled
                      ? `+ ${note.filled}`
                      : r.pending
                        ? note.pending
                        : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
