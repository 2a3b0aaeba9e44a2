// The sample deck's side of the embed protocol (docs/embed.md): it sends commands to the view
// and shows what the view reports back. Plain JavaScript, as a slide deck would have it.
const q = new URLSearchParams(location.search)
const scenario = q.get('scenario') ?? 'xen-ring-basics'
let lang = q.get('lang') === 'zh' ? 'zh' : 'en'
// The view accepts commands only from origins its link allows: this page's own by default.
const allowed = q.get('origin') ?? location.origin
const viewOrigin = location.origin

const slides = [...document.querySelectorAll('.slide')]
const frame = document.getElementById('view')
const where = document.getElementById('where')
const title = document.getElementById('view-title')
const errorLine = document.getElementById('error')
let current = 0
/** The view's last report: { step, steps, phase } or null before it has spoken. */
let view = null

frame.src = `./?embed=1&lang=${lang}&origin=${encodeURIComponent(allowed)}#/${scenario}/1`

function send(command, more = {}) {
  frame.contentWindow?.postMessage({ type: 'vmscope:command', command, ...more }, viewOrigin)
}

function show(i) {
  current = Math.max(0, Math.min(slides.length - 1, i))
  slides.forEach((s, k) => (s.hidden = k !== current))
}

// On the view's slide, forward steps the view until its last step, then leaves the slide.
function forward() {
  if (slides[current]?.contains(frame) && view && view.step < view.steps) send('next')
  else show(current + 1)
}
function back() {
  if (slides[current]?.contains(frame) && view && view.step > 1) send('prev')
  else show(current - 1)
}

const FORWARD = ['ArrowRight', ' ', 'n', 'N', 'l', 'L', 'PageDown']
const BACK = ['ArrowLeft', 'p', 'P', 'h', 'H', 'PageUp', 'Backspace']
document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return
  if (e.target instanceof HTMLButtonElement && (e.key === ' ' || e.key === 'Enter')) return
  if (FORWARD.includes(e.key)) forward()
  else if (BACK.includes(e.key)) back()
  else if (e.key === 'Home') show(0)
  else if (e.key === 'End') show(slides.length - 1)
  else return
  e.preventDefault()
})

document.getElementById('next-phase').addEventListener('click', () => {
  if (view?.phase) send('phase', { phase: Math.min(view.phase.count, view.phase.index + 1) })
})
document.getElementById('prev-phase').addEventListener('click', () => {
  if (view?.phase) send('phase', { phase: Math.max(1, view.phase.index - 1) })
})
const langButton = document.getElementById('lang')
langButton.addEventListener('click', () => {
  lang = lang === 'en' ? 'zh' : 'en'
  send('lang', { lang })
})

window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.origin !== viewOrigin) return
  const m = e.data
  if (m?.type === 'vmscope:step') {
    view = m
    title.textContent = m.title
    const phase = m.phase ? ` · phase ${m.phase.index}/${m.phase.count}: ${m.phase.title}` : ''
    where.textContent = `Step ${m.step} of ${m.steps}${phase}`
    langButton.textContent = m.lang === 'en' ? '中文' : 'English'
    errorLine.textContent = ''
  } else if (m?.type === 'vmscope:error') {
    errorLine.textContent = `The view said: ${m.message}`
  }
})

show(0)
