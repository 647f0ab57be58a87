/** The process: read the configuration, build the app, listen, print the banner, close gracefully on signals. */
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { seedDemo } from './game/seed.ts';
import { connectionCap, fileDescriptorLimit } from './http/server-options.ts';

async function main(): Promise<void> {
  // Start-up phases, read by bench/startup.ts (performance marks cost nothing when nobody observes them).
  performance.mark('gd:modules-loaded');
  const config = configFromEnv();
  const app = await buildApp(config);
  await app.ready();
  performance.mark('gd:app-ready');
  const generated = app.generatedAdminPassword;
  const { seeded } = config.seedDemo ? await seedDemo(app.game) : { seeded: false };
  performance.mark('gd:seeded');
  await app.listen({ port: config.port, host: config.host });
  performance.mark('gd:listening');

  const urls = app.appInfo.joinUrls();
  const current = await app.game.admin.activeGame();
  const active = current?.game;
  const levels = current?.levels ?? [];
  const lines = [
    '',
    '  GD Arena is running' + (seeded ? ' — demo game created' : ''),
    '',
    '  Teams (phones and laptops on this network):',
    ...urls.map((u) => `    ${u}`),
    '  Instructor:  ' + urls.map((u) => `${u}admin`).join('  '),
    '  Projector:   ' + urls.map((u) => `${u}board`).join('  '),
    '',
    generated
      ? `  Admin password (generated, shown only this once — write it down): ${generated}`
      : config.adminPassword
        ? '  Admin password: from ADMIN_PASSWORD'
        : '  Admin password: as set on first start (set ADMIN_PASSWORD to change it)',
  ];
  if (active) {
    lines.push('', `  Active game: ${active.title}`);
    for (const l of levels) lines.push(`    ${l.index + 1}. ${l.title} — password: ${l.password} (${l.status})`);
  }
  if (!app.game.admin.writable()) {
    app.log.warn({ databaseUrl: config.databaseUrl }, 'the database file is read-only');
    lines.push(
      '',
      '  WARNING: the database file is read-only. Results and the board are shown, but no login, guess or change',
      '  can be saved until it is writable again: check DATABASE_URL and permissions, then restart.',
    );
  }
  const cap = connectionCap(config);
  if (cap < 4000) {
    app.log.warn({ fileDescriptorLimit: fileDescriptorLimit(), connectionCap: cap }, 'few file descriptors: raise ulimit -n');
    lines.push(
      '',
      `  WARNING: this process may open few files (ulimit -n ${fileDescriptorLimit()}), so it takes at most ${cap} connections at once:`,
      `  about ${Math.floor(cap / 2)} phones and laptops. Raise it for a large class: ulimit -n 65536 before npm start, or`,
      '  LimitNOFILE=65536 in a systemd unit (Docker gives containers a high limit already).',
    );
  }
  lines.push('', '  Ctrl+C stops the server; every guess is already saved.', '');
  process.stdout.write(lines.join('\n') + '\n');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`\nGD Arena could not start: ${message}\n`);
  if (/EADDRINUSE/.test(message)) process.stderr.write('Another program uses that port: set PORT to another number.\n');
  if (/readonly|EACCES|EROFS|unable to open database/i.test(message)) process.stderr.write('The database file or its folder is not writable: check DATABASE_URL and permissions.\n');
  process.exit(1);
});
