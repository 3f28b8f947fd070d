export default function Ops() {
  return <h1>Operations</h1>;
}
