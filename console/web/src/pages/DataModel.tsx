export function DataModel() {
  return <h1>DataModel</h1>;
}
