// Text as it lands on screen, for the size floors (issue 13): the computed font size times the
// scale of every transform above it (an SVG drawn into a smaller box shrinks its labels;
// getScreenCTM holds that scale). Runs in the page: page.evaluate(smallText, { floor, ... }).

export interface Small {
  readonly text: string
  readonly px: number
  readonly where: string
}

/**
 * Every visible run of text smaller than `floor` px as drawn. Text clipped to nothing (the
 * visually-hidden pattern) is for screen readers only; with `onScreen`, text scrolled out of
 * the window is left out too. One entry per kind of element and size.
 */
export function smallText({ floor, onScreen }: { floor: number; onScreen: boolean }): Small[] {
  const out = new Map<string, Small>()
  const seen = new Set<Element>()
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent?.trim()) continue
    const parent = n.parentElement
    if (!parent || parent.closest('title, style, script, template, noscript')) continue
    // A textPath or tspan is measured by its <text>: that is what has a screen matrix.
    const el: Element = parent.closest('text') ?? parent
    if (seen.has(el)) continue
    seen.add(el)
    const r = el.getBoundingClientRect()
    if (r.width < 2 || r.height < 2) continue
    if (onScreen && (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth))
      continue
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue
    let px = parseFloat(getComputedStyle(el).fontSize)
    if (el instanceof SVGGraphicsElement) {
      const m = el.getScreenCTM()
      if (m) px *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c))
    } else {
      for (let a: Element | null = el; a; a = a.parentElement) {
        const tf = getComputedStyle(a).transform
        if (tf && tf !== 'none') {
          const m = new DOMMatrix(tf)
          px *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c))
        }
      }
    }
    if (px + 0.05 >= floor) continue
    const id = el.closest('[data-testid]')?.getAttribute('data-testid') ?? ''
    const cls = String(el.getAttribute('class') ?? '')
    const where = `${el.tagName.toLowerCase()}${cls ? '.' + cls.split(/\s+/).join('.') : ''}${id ? ` in ${id.replace(/[:-].*$/, '')}` : ''}`
    const rounded = Math.round(px * 10) / 10
    const key = `${where} ${rounded}`
    if (!out.has(key))
      out.set(key, { text: (el.textContent ?? '').trim().slice(0, 40), px: rounded, where })
  }
  return [...out.values()]
}
