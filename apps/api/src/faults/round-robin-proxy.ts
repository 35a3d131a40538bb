import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * N API processes behind one address: a TCP load balancer in a few lines (what HAProxy, nginx or a
 * cloud load balancer does in production). Each new connection goes to the next upstream port.
 */
export async function startRoundRobinProxy(upstreamPorts: number[]) {
  const connections = upstreamPorts.map(() => 0);
  const sockets = new Set<Socket>();
  let next = 0;
  const server = createServer((downstream) => {
    const index = next++ % upstreamPorts.length;
    connections[index]! += 1;
    const upstream = connect(upstreamPorts[index]!, '127.0.0.1');
    for (const socket of [downstream, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        downstream.destroy();
        upstream.destroy();
      });
    }
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Connections handed to each upstream so far. */
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
