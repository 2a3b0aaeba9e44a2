// CONSOLE.md: "cmd" is the command word with its sub-command, on an argument error too.
import { describe, expect, it } from 'vitest'
import { type JsonObject, resultJson } from './format.ts'
import { parseLine } from './parser.ts'
import { runScript } from './run.ts'

const json = (src: string): JsonObject[] => runScript(src).results.map(resultJson)

describe('an argument error names the whole command in "cmd"', () => {
  it('two-word commands', () => {
    expect(json('host poke 0x1000 zz')[0]).toMatchObject({
      cmd: 'host poke',
      ok: false,
      error: expect.stringMatching(/^host poke: expected a value/),
    })
    expect(json('host map 0xa000')[0]).toMatchObject({ cmd: 'host map', ok: false })
    expect(json('tlb flush now')[0]).toMatchObject({ cmd: 'tlb flush', ok: false })
  })

  it('ring forms once the side and verb are read, the row words before', () => {
    expect(json('ring create r proto=raw size=8\nring r front queue zz')[1]).toMatchObject({
      cmd: 'ring front queue',
      ok: false,
    })
    expect(json('ring r sideways push')[0]).toMatchObject({ cmd: 'ring', ok: false })
  })

  it('an engine refusal and an unknown command keep their names', () => {
    expect(json('map 0x1001 0x2000')[0]).toMatchObject({ cmd: 'map', ok: false })
    expect(json('frobnicate 1')[0]).toMatchObject({ cmd: 'frobnicate', ok: false })
    expect(parseLine('host poke 0x1000', 1)).toMatchObject({
      ok: false,
      error: { cmd: 'host poke' },
    })
  })
})
