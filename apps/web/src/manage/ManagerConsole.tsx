export default function ManagerConsole() {
  return <div>console</div>;
}
