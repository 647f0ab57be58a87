// Runs a worker module from TypeScript source: registers tsx's loader in this thread, then imports the module
// named by the last argument (see server/workers.ts). Used only where the server runs from source (tests, dev).
import { register } from 'tsx/esm/api';

register();
await import(process.argv[process.argv.length - 1]);
