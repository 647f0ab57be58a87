// After `npm install`: generate the Prisma client, build the pages and the server, so `npm start` is ready.
// An install without the development tools (`npm ci --omit=dev`, as in a runtime image) builds nothing: it runs
// the build it was given.
import { existsSync } from 'node:fs';
import { buildAll, hasBuildTools } from './ensure-build.mjs';

if (hasBuildTools()) await buildAll({ force: true });
else if (!existsSync(new URL('../dist/server/main.js', import.meta.url))) {
  console.log('gd-arena: the build tools are not installed (npm install --omit=dev) and there is no build in dist/: run `npm install` with them, then `npm run build`.');
}
