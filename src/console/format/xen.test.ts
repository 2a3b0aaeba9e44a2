// Event-channel hypercall errors through the console: a result with ok: true, rc and errno in
// the JSON, a text line and a narration in both languages (xen/common/event_channel.c:
// evtchn_send and evtchn_bind_interdomain return -EINVAL).
import { describe, expect, it } from 'vitest'
import { describeEvent } from '../../narration/index.ts'
import { resultJson, resultText, runScript } from '../index.ts'

const SCRIPT = `xen domain 1
xen domain 2
evtchn alloc-unbound 1 2
evtchn bind-interdomain 0 1 1
evtchn bind-virq 1 timer
evtchn send 1 2
evtchn send 1 0
evtchn close 1 7
evtchn send 1 1`

describe('event-channel errors are hypercall results (rc -22, -EINVAL)', () => {
  const r = runScript(SCRIPT)
  const json = r.results.map(resultJson)
  it('the script runs to the end: no error stops it', () => {
    expect(r.error).toBeNull()
    expect(json.every((j) => j.ok === true)).toBe(true)
    expect(json).toHaveLength(9)
  })
  it('bind_interdomain to a port offered to another domain: rc -22, errno EINVAL', () => {
    expect(json[3]).toMatchObject({
      cmd: 'evtchn bind-interdomain',
      ok: true,
      op: 'bind_interdomain',
      dom: 0,
      remoteDom: 1,
      port: 1,
      state: 'unbound',
      offeredTo: 2,
      rc: -22,
      errno: 'EINVAL',
    })
  })
  it('send on a VIRQ port, on port 0; close of a port never allocated: rc -22', () => {
    expect(json[5]).toMatchObject({ op: 'send', port: 2, state: 'virq', rc: -22, errno: 'EINVAL' })
    expect(json[6]).toMatchObject({ op: 'send', port: 0, state: 'reserved', rc: -22 })
    expect(json[7]).toMatchObject({ op: 'close', port: 7, state: 'invalid', rc: -22 })
    // An unbound port still drops the notification silently: rc 0, no "rc" field.
    expect(json[8]).toMatchObject({ cmd: 'evtchn send', target: null })
    expect(json[8]?.rc).toBeUndefined()
  })
  it('text line and narration (en, zh with full-width punctuation)', () => {
    const send = r.results[5]
    if (!send) throw new Error('no result')
    expect(resultText(send).join('\n')).toMatch(
      /d1 EVTCHNOP_send port 2: rc -22 \(-EINVAL\), the port is bound to a VIRQ/,
    )
    const ev = send.events[0]
    if (!ev) throw new Error('no event')
    const d = describeEvent(ev)
    expect(d.en).toMatch(/returns -EINVAL \(rc -22\)/)
    expect(d.zh).toMatch(/绑定的是 VIRQ：只有域间端口和 IPI 端口可以发送/)
    expect(d.zh).toMatch(/返回 -EINVAL（rc 为 -22）/)
    expect(d.zh).not.toMatch(/[\u4e00-\u9fff][,:;()]/)
    const bind = r.results[3]?.events[0]
    if (!bind) throw new Error('no event')
    expect(describeEvent(bind).zh).toMatch(/是留给域 2 的未绑定端口/)
  })
})
