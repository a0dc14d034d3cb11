/**
 * A free TCP port on 127.0.0.1 for test servers (fake platforms, a private redis-server).
 * The port is free when returned; callers that spawn another process should retry on
 * "address in use", since another test may grab it in between.
 */
import { createServer } from 'node:net';

/** Asks the OS for a free loopback port and releases it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}
