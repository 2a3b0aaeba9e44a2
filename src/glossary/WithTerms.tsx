import type { ReactNode } from 'react'
import { Term } from './Term.tsx'

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/**
 * A translated string with the glossary terms it names made into <Term>s: the first time each
 * listed term occurs as a whole word (not inside a longer name such as `EPT_POINTER`), so a
 * label such as "P2M (GPA → machine)" explains its jargon without a tab stop per repeat.
 * `tab={false}` when the same label repeats in the panel (see Term).
 */
export function WithTerms({
  text,
  terms,
  tab = true,
}: {
  readonly text: string
  readonly terms: readonly string[]
  readonly tab?: boolean
}) {
  if (terms.length === 0) return <>{text}</>
  const re = new RegExp(
    `(?<![A-Za-z0-9_])(${[...terms]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|')})(?![A-Za-z0-9_])`,
    'g',
  )
  const out: ReactNode[] = []
  const done = new Set<string>()
  let last = 0
  for (const m of text.matchAll(re)) {
    const word = m[0]
    if (done.has(word)) continue
    done.add(word)
    if (m.index > last) out.push(text.slice(last, m.index))
    out.push(
      <Term key={m.index} tab={tab}>
        {word}
      </Term>,
    )
    last = m.index + word.length
  }
  if (last < text.length) out.push(text.slice(last))
  return <>{out}</>
}
