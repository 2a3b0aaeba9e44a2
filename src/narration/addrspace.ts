import { type AddrSpaceEvent, exhaustive, hex, pageNumber } from '../engine/index.ts'
import type { Localized } from '../console/index.ts'

const page = (a: bigint): string => pageNumber(a).toString()
// Guest names are the script's own (guest1, web, db), so they stand as they are.
const who = (vm: string | null, zh = false): string =>
  vm === null ? (zh ? '本机操作系统' : 'the native OS') : zh ? ` ${vm} ` : vm

const INTENT_ZH = { read: '读', write: '写', fetch: '取指' } as const
const REASON = {
  'not-present': { en: 'no present entry maps the page', zh: '没有有效的页表项映射该页' },
  'user-supervisor': { en: 'user mode touched a supervisor page', zh: '用户态访问了内核页' },
  'write-protect': { en: 'the page is read-only', zh: '该页只读' },
  'execute-disable': { en: 'the page is marked no-execute', zh: '该页被标记为不可执行' },
} as const

/** One or two sentences per event: what the hardware did, and why. */
export function describeAddrSpaceEvent(e: AddrSpaceEvent): Localized {
  switch (e.kind) {
    case 'vm.create':
      return {
        en: `The hypervisor creates ${who(e.vm)} with an empty page table and an empty guest-physical to machine map.`,
        zh: `虚拟机监控器创建${who(e.vm, true)}，它的页表和“客户机物理地址到机器地址”的映射都是空的。`,
      }
    case 'vm.select':
      return e.vm === null
        ? { en: 'Commands now act on the native OS.', zh: '之后的命令作用于本机操作系统。' }
        : {
            en: `${who(e.vm)} is running now; the next commands act on its page table and map.`,
            zh: `现在运行的是${who(e.vm, true)}，之后的命令作用于它的页表和映射。`,
          }
    case 'map.guest': {
      const m = e.mapping
      const target = e.vm === null ? 'physical' : 'guest-physical'
      return {
        en: `${who(e.vm)} writes its page table: virtual page ${page(m.va)} (${hex(m.va)}) → ${target} page ${page(m.pa)} (${hex(m.pa)}).`,
        zh: `${who(e.vm, true)}写自己的页表：虚拟页 ${page(m.va)}（${hex(m.va)}）→ ${e.vm === null ? '物理页' : '客户机物理页'} ${page(m.pa)}（${hex(m.pa)}）。`,
      }
    }
    case 'map.host': {
      const m = e.mapping
      return {
        en: `The hypervisor backs ${who(e.vm)}'s guest-physical page ${page(m.gpa)} with machine page ${page(m.hpa)} (${hex(m.hpa)}).`,
        zh: `虚拟机监控器用机器页 ${page(m.hpa)}（${hex(m.hpa)}）支撑${who(e.vm, true)}的客户机物理页 ${page(m.gpa)}。`,
      }
    }
    case 'control.set':
      return {
        en: `${e.bit.toUpperCase()} is now ${e.on ? 'on' : 'off'}.`,
        zh: `${e.bit.toUpperCase()} 现在为${e.on ? '开' : '关'}。`,
      }
    case 'access.guest':
      return e.pa === null
        ? {
            en: `${who(e.vm)}'s page table has no entry for virtual page ${page(e.va)}.`,
            zh: `${who(e.vm, true)}的页表中没有虚拟页 ${page(e.va)} 的表项。`,
          }
        : {
            en: `Stage 1: ${who(e.vm)}'s page table turns virtual ${hex(e.va)} (page ${page(e.va)}) into ${e.vm === null ? 'physical' : 'guest-physical'} ${hex(e.pa)} (page ${page(e.pa)}).`,
            zh: `第一步：${who(e.vm, true)}的页表把虚拟地址 ${hex(e.va)}（第 ${page(e.va)} 页）转换为${e.vm === null ? '物理地址' : '客户机物理地址'} ${hex(e.pa)}（第 ${page(e.pa)} 页）。`,
          }
    case 'access.host':
      return e.hpa === null
        ? {
            en: `Stage 2: the hypervisor's map has no machine page behind guest-physical page ${page(e.gpa)}.`,
            zh: `第二步：虚拟机监控器的映射中，客户机物理页 ${page(e.gpa)} 背后没有机器页。`,
          }
        : {
            en: `Stage 2: the hypervisor's map turns guest-physical ${hex(e.gpa)} (page ${page(e.gpa)}) into machine ${hex(e.hpa)} (page ${page(e.hpa)}).`,
            zh: `第二步：虚拟机监控器的映射把客户机物理地址 ${hex(e.gpa)}（第 ${page(e.gpa)} 页）转换为机器地址 ${hex(e.hpa)}（第 ${page(e.hpa)} 页）。`,
          }
    case 'access.done': {
      const o = e.outcome
      if (o.result === 'ok') {
        return {
          en: `The ${e.intent} of ${hex(e.va)} reaches ${o.gpa === null ? 'physical' : 'machine'} address ${hex(o.pa)}.`,
          zh: `对 ${hex(e.va)} 的${INTENT_ZH[e.intent]}访问到达${o.gpa === null ? '物理' : '机器'}地址 ${hex(o.pa)}。`,
        }
      }
      if (o.result === 'fault') {
        if (o.fault.vector === 13) {
          return {
            en: `${hex(e.va)} is not canonical (bits 63:47 differ), so the CPU raises #GP before any page walk.`,
            zh: `${hex(e.va)} 不是规范地址（第 63:47 位不一致），CPU 在查页表之前就触发 #GP。`,
          }
        }
        const r = REASON[o.fault.reason]
        return {
          en: `Page fault (#PF, vector 14) with error code ${hex(BigInt(o.fault.errorCode))}: ${r.en}. CR2 = ${hex(o.fault.cr2)}. ${e.vm === null ? 'The OS handles it.' : 'It is delivered to the guest OS; the hypervisor is not involved.'}`,
          zh: `缺页异常（#PF，向量 14），错误码 ${hex(BigInt(o.fault.errorCode))}：${r.zh}。CR2 = ${hex(o.fault.cr2)}。${e.vm === null ? '由操作系统处理。' : '它交给客户机操作系统处理，虚拟机监控器不参与。'}`,
        }
      }
      return {
        en: `VM exit, reason ${o.exit.reason} (${o.exit.name}), qualification ${hex(o.exit.qualification)}, guest-physical address ${hex(o.exit.gpa)}: the hypervisor takes over to fix its own map.`,
        zh: `VM 退出，原因号 ${o.exit.reason}（${o.exit.name}），退出限定 ${hex(o.exit.qualification)}，客户机物理地址 ${hex(o.exit.gpa)}：虚拟机监控器接管，修补自己的映射。`,
      }
    }
    default:
      return exhaustive(e)
  }
}
