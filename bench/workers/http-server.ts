import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/services.js';
import { openStore } from '../../src/store/index.js';

/**
 * The API server for the HTTP benchmark, built the way `shopmind serve`
 * builds it, from the SHOPMIND_* environment. It listens on an ephemeral
 * loopback port, sends `{ port }` to the parent and runs until SIGTERM.
 */
const config = loadConfig(process.env, { host: '127.0.0.1', port: 0 });
const store = await openStore(config.databaseUrl);
const logger = createLogger(config.logLevel);
const app = await buildApp({ config, store, logger, services: createServices({ config, store, logger }) });
await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error(`unexpected listen address: ${String(address)}`);
process.send?.({ port: address.port });

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
});
