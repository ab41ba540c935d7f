export function TextOutput({ text }: { text: string }) {
  return <pre className="output-text">{text}</pre>;
}
