import type { Frame, Gva } from '../../engine/index.ts'
import { focusVa } from './layout.ts'

/** The linear address of the nearest frame at or before `index` that has one. */
export function lastVaAt(frames: readonly Frame[], index: number): Gva | null {
  for (let i = Math.min(index, frames.length - 1); i >= 0; i--) {
    const f = frames[i]
    const va = f ? focusVa(f.event) : null
    if (va !== null) return va
  }
  return null
}
