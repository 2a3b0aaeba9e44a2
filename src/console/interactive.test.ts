import { describe, expect, it } from 'vitest'
import { rowTitle } from './help.ts'
import { INFO_TOPICS } from './info.ts'
import {
  complete,
  emptyHistory,
  helpLines,
  historyDown,
  historyPush,
  historyUp,
  nextWords,
} from './interactive.ts'
import { parseLine } from './parser.ts'
import { COMMANDS } from './registry.ts'

describe('completion', () => {
  it('completes command words and sub-commands', () => {
    expect(complete('acc')).toEqual({ candidates: ['access'], line: 'access ' })
    expect(complete('host ')).toEqual({ candidates: ['map', 'poke'], line: 'host ' })
    expect(complete('host p')).toEqual({ candidates: ['poke'], line: 'host poke ' })
    expect(complete('vmcl').line).toBe('vmclear ')
    const v = complete('vm')
    expect(v.candidates).toEqual(expect.arrayContaining(['vm', 'vmclear', 'vmlaunch', 'vmxon']))
    expect(v.line).toBe('vm')
  })

  it('completes VMCS field names after vmwrite and vmread', () => {
    const c = complete('vmwrite GUEST_RI')
    expect(c.candidates).toContain('GUEST_RIP')
    expect(complete('vmread cpu_based').line).toMatch(/^vmread CPU_BASED_VM_EXEC_CONTROL/)
  })

  it('completes info topics from the info row, next to the info paging row', () => {
    expect(complete('info re').line).toBe('info registers ')
    expect(complete('info ').candidates).toEqual([...INFO_TOPICS, 'paging'].sort())
  })

  it('reads every word from the registry: console words, help topics, sub-commands', () => {
    // Every row's first word completes at the start of a line, console words included.
    const first = complete('').candidates
    for (const c of COMMANDS) expect(first).toContain(c.words[0])
    expect(complete('hel').line).toBe('help ')
    expect(complete('cle').line).toBe('clear ')
    expect(complete('his').line).toBe('history ')
    expect(complete('x').candidates).toEqual(expect.arrayContaining(['x', 'xp', 'xen']))
    // help completes command names, and their sub-commands.
    expect(complete('help acc').line).toBe('help access ')
    expect(complete('help host ').candidates).toEqual(['map', 'poke'])
    // A row without a completion hook offers nothing for its arguments.
    expect(nextWords(['access'])).toEqual([])
    expect(nextWords(['info', 'mem'])).toEqual([])
  })

  it('offers nothing for an unknown prefix and leaves the line alone', () => {
    expect(complete('zzz')).toEqual({ candidates: [], line: 'zzz' })
  })
})

describe('history', () => {
  it('walks back and forth and keeps the draft', () => {
    let h = historyPush(historyPush(emptyHistory, 'vm a'), 'access 0x1000')
    h = historyPush(h, 'access 0x1000')
    expect(h.entries).toEqual(['vm a', 'access 0x1000'])
    const up1 = historyUp(h, 'map 0x')
    expect(up1.line).toBe('access 0x1000')
    const up2 = historyUp(up1.history, up1.line)
    expect(up2.line).toBe('vm a')
    expect(historyUp(up2.history, up2.line).line).toBe('vm a')
    const down1 = historyDown(up2.history, up2.line)
    expect(down1.line).toBe('access 0x1000')
    expect(historyDown(down1.history, down1.line).line).toBe('map 0x')
  })
})

describe('help', () => {
  it('lists every command once, one line each with its summary, grouped by topic', () => {
    const all = helpLines('', 'en')
    expect(all).toContain('Guests')
    expect(all).toContain('Console (read the machine, take no step)')
    expect(all.find((l) => /^ {2}access /.test(l))).toMatch(
      /^ {2}access +One memory access: TLB lookup, then on a miss the page walk/,
    )
    expect(all.find((l) => l.startsWith('  x/Ng '))).toMatch(/Read N 64-bit words/)
    for (const c of COMMANDS) {
      const title = rowTitle(c)
      const lines = all.filter((l) => l.slice(2).split(/\s{2,}/)[0] === title)
      expect(lines, title).toHaveLength(1)
      expect(lines[0]?.length, title).toBeLessThan(110)
    }
    // The rule for bare numbers is spelt out.
    expect(all.join('\n')).toMatch(/a bare number is always decimal/)
    expect(all.join('\n')).toMatch(/access 9123\) runs with a note/)
    const zh = helpLines('', 'zh')
    expect(zh.find((l) => /^ {2}access /.test(l))).toMatch(/一次内存访问/)
  })

  it('shows one command in both languages', () => {
    expect(helpLines('host map', 'en')[0]).toBe('usage: host map GPA HPA [r][w][x] [size=4K|2M|1G]')
    expect(helpLines('access', 'zh')[1]).toMatch(/内存访问/)
    expect(helpLines('x/4g', 'en')[0]).toBe('usage: x/Ng VA')
    expect(helpLines('info', 'en').filter((l) => l.startsWith('usage:'))).toEqual([
      'usage: info paging',
      'usage: info mem|registers|vmcs|rings|tlb',
    ])
    expect(helpLines('nope', 'en')).toEqual(["no command 'nope'"])
    expect(helpLines('acess', 'en')).toEqual(["no command 'acess'; did you mean 'access'?"])
  })

  it('every example in help parses', () => {
    for (const c of COMMANDS) expect(parseLine(c.example, 1).ok, c.example).toBe(true)
  })
})
