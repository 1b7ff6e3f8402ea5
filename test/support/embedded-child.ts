// A process that starts the embedded PostgreSQL in DATA_DIR (argv[2]), prints the server's pid, and waits to be
// killed: the stand-in for a bot that dies without stopping its server.
import { startEmbeddedPostgres } from '../../src/db/embedded/server.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: embedded-child.ts DATA_DIR');
const server = await startEmbeddedPostgres({ dataDir, durable: false });
console.log(`server ${server.pid}`);
setInterval(() => {}, 60_000);
