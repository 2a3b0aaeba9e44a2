// The floor for `npm run bench:ui`: React 19 and one counter that ArrowRight increments, with
// the key handled the way the app handles it (a window keydown listener updating state that a
// component reads). Whatever a VMScope step costs above this page is VMScope's own work.
import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'

function Counter() {
  const [step, setStep] = useState(1)
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'ArrowRight') return
      e.preventDefault()
      setStep((n) => n + 1)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <main>
      <p role="status" data-testid="step-status">
        Step {step}
      </p>
    </main>
  )
}

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <Counter />
    </StrictMode>,
  )
