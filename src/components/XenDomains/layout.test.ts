import { describe, expect, it } from 'vitest'
import { en } from '../../i18n/en.ts'
import { frameWhere, scenarioFrames } from '../Ring/testFrames.ts'
import { type Translate, layoutXenDomains } from './layout.ts'

const t: Translate = (key, params) =>
  en[key].replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(params?.[k] ?? ''))

describe('layoutXenDomains', () => {
  it('draws blkback in Dom0, blkfront in DomU 1, the granted pages and a lit wire on send', () => {
    const frames = scenarioFrames('xen-blkfront-read')
    const send = frameWhere(frames, (f) => f.event.kind === 'evtchn.send' && f.event.dom === 1)
    const l = layoutXenDomains(send.machine.xen, send.event, t)
    const keys = l.boxes.map((b) => b.key)
    expect(keys).toContain('bb:xvda')
    expect(keys).toContain('bf:xvda')
    expect(keys).toContain('domU:1')
    const ringPage = l.boxes.find((b) => b.key === 'page:1:8')
    expect(ringPage?.variant).toBe('ring')
    expect(ringPage?.lines).toEqual([
      'd1 ref 8 → d0',
      'ring page · 0x100 · writable',
      'mapped by d0',
    ])
    expect(l.boxes.find((b) => b.key === 'page:1:9')?.lines[1]).toBe('data page · 0x101 · writable')
    expect(l.wires).toHaveLength(1)
    expect(l.wires[0]).toMatchObject({ lit: true, from: 'domU', label: 'evtchn d0:1 ⇄ d1:1' })
  })

  it('leaves the wire dark on a step that sends nothing', () => {
    const frames = scenarioFrames('xen-blkfront-read')
    const req = frameWhere(frames, (f) => f.event.kind === 'blk.request')
    const l = layoutXenDomains(req.machine.xen, req.event, t)
    expect(l.wires.map((w) => w.lit)).toEqual([false])
    expect(l.boxes.find((b) => b.key === 'bf:xvda')?.active).toBe(true)
  })

  it('shows vifN.M on the bridge and the 00:16:3e MAC', () => {
    const frames = scenarioFrames('xen-netback-rx')
    const last = frames[frames.length - 1]
    if (!last) throw new Error('no frames')
    const l = layoutXenDomains(last.machine.xen, last.event, t)
    expect(l.boxes.find((b) => b.key === 'bridge')?.lines[1]).toBe('eth0 · vif1.0 · vif2.0')
    expect(l.boxes.find((b) => b.key === 'nf:vif1.0')?.lines[1]).toContain('00:16:3e:00:01:00')
    expect(l.boxes.find((b) => b.key === 'nb:vif1.0')?.lines[1]).toContain('1 dropped')
    expect(l.wires).toHaveLength(2)
  })
})
