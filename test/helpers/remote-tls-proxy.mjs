// The TLS face of the test's remote engine (remote-engine.ts), run inside its network namespace: a dockerd
// applies one TLS setting to all its TCP listeners, so the plain API and the TLS one cannot both be its own.
// Verifies clients against the test CA, as `dockerd --tlsverify` does, and passes the bytes on (hijacked
// attach streams included). Usage: node remote-tls-proxy.mjs LISTEN_HOST:PORT UPSTREAM_HOST:PORT CERT_DIR
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createServer } from 'node:tls';

const [listen, upstream, dir] = process.argv.slice(2);
const [host, port] = listen.split(':');
const [upstreamHost, upstreamPort] = upstream.split(':');
const server = createServer(
  {
    key: readFileSync(join(dir, 'server-key.pem')),
    cert: readFileSync(join(dir, 'server-cert.pem')),
    ca: readFileSync(join(dir, 'ca.pem')),
    requestCert: true,
    rejectUnauthorized: true,
  },
  (client) => {
    const engine = connect(Number(upstreamPort), upstreamHost);
    client.pipe(engine).pipe(client);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
  },
);
server.listen(Number(port), host);
process.on('SIGTERM', () => process.exit(0));
