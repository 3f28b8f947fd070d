export function Runs() {
  return <h1>Run log</h1>;
}

export function RunDetail() {
  return <h1>Run</h1>;
}
