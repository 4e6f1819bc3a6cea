/**
 * The language server's entry point (bundled to dist/server.js, next to libpg-query.wasm).
 * Run it with `--stdio`, `--node-ipc`, `--socket=PORT` or `--pipe=NAME`.
 */
import { keepGenerationsSmall } from './idleCollection';
import { startServer } from './server';

keepGenerationsSmall();
startServer();
