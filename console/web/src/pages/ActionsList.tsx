export function ActionsList() {
  return <h1>ActionsList</h1>;
}
