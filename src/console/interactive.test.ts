import { describe, expect, it } from 'vitest'
import { parseLine } from './parser.ts'
import {
  complete,
  emptyHistory,
  helpLines,
  historyDown,
  historyPush,
  historyUp,
} from './interactive.ts'

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

  it('completes info topics', () => {
    expect(complete('info re').line).toBe('info registers ')
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
  it('lists commands by topic and shows one command in both languages', () => {
    const all = helpLines('', 'en')
    expect(all).toContain('Guests')
    expect(all).toContain('  access VA [read|write|fetch] [user|kernel]')
    expect(helpLines('host map', 'en')[0]).toBe('usage: host map GPA HPA [r][w][x] [size=4K|2M|1G]')
    expect(helpLines('access', 'zh')[1]).toMatch(/内存访问/)
    expect(helpLines('nope', 'en')).toEqual(["no command 'nope'"])
  })

  it('every example in help parses', () => {
    for (const line of helpLines('', 'en')) {
      const name = line.trim().split(/\s+/)[0]
      if (!line.startsWith('  ') || !name || ['info', 'history', 'clear', 'x/Ng'].includes(name))
        continue
      for (const l of helpLines(name, 'en').filter((x) => x.includes('example: '))) {
        const ex = l.split('example: ')[1] ?? ''
        expect(parseLine(ex, 1).ok, ex).toBe(true)
      }
    }
  })
})
