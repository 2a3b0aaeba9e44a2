/** Text whose `backticked` parts are console words: they render as code, never as backticks. */
export function CodeText({ text }: { readonly text: string }) {
  const parts = text.split('`')
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : p))}</>
}
