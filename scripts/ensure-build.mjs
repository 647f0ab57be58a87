// `npm start` after a pull: regenerate the Prisma client and rebuild the pages only when they are missing.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!existsSync(new URL('../server/store/generated/client.ts', import.meta.url))) execFileSync(npm, ['run', '--silent', 'generate'], { stdio: 'inherit' });
if (!existsSync(new URL('../dist/client/index.html', import.meta.url))) execFileSync(npm, ['run', '--silent', 'build:client'], { stdio: 'inherit' });
