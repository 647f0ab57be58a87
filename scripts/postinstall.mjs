// After `npm install`: generate the Prisma client, then build the client pages, so `npm start` is ready.
import { execFileSync } from 'node:child_process';

const run = (script) => execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', script], { stdio: 'inherit' });
run('generate');
run('build:client');
