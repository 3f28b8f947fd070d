export function ActionEditor() {
  return <h1>ActionEditor</h1>;
}
