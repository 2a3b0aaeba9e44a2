import { select } from 'd3'
import { describe, expect, it } from 'vitest'
import { setText } from './text.ts'

describe('setText', () => {
  it('keeps an unchanged label’s text node and rewrites a changed one', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
    const texts = select(svg)
      .selectAll('text')
      .data(['a', 'b'])
      .join('text')
      .call(setText, (d) => d)
    const before = [...svg.querySelectorAll('text')].map((t) => t.firstChild)
    texts.data(['a', 'c']).call(setText, (d) => d)
    const after = [...svg.querySelectorAll('text')]
    expect(after.map((t) => t.textContent)).toEqual(['a', 'c'])
    expect(after[0]?.firstChild).toBe(before[0])
    expect(after[1]?.firstChild).not.toBe(before[1])
    select(svg).selectAll('text').call(setText, 'same')
    expect(after.map((t) => t.textContent)).toEqual(['same', 'same'])
  })
})
