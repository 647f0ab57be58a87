// Preloaded (node --import) into a server that bench/startup.ts starts: prints each performance mark the server
// makes ("gd:…", see server/main.ts) and the process's own start, as epoch milliseconds on stderr.
const say = (name, at) => process.stderr.write(`GD_PHASE ${JSON.stringify({ name, at })}\n`);
say('process-start', performance.timeOrigin);
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.name.startsWith('gd:')) say(entry.name.slice(3), performance.timeOrigin + entry.startTime);
}).observe({ entryTypes: ['mark'] });
