import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../server/config.ts';
import { connectionCap, fileDescriptorLimit, redactUrl } from '../../server/http/server-options.ts';

describe('redactUrl', () => {
  it.each([
    ['/api/ws?token=abc.def-123', '/api/ws?token=[redacted]'],
    ['/api/ws?x=1&token=abc&y=2', '/api/ws?x=1&token=[redacted]&y=2'],
    ['/api/ws?TOKEN=abc#frag', '/api/ws?TOKEN=[redacted]#frag'],
    ['/api/guesses/3?wait=1', '/api/guesses/3?wait=1'],
    ['/api/ws?tokens=keep', '/api/ws?tokens=keep'],
  ])('%s → %s', (url, expected) => expect(redactUrl(url)).toBe(expected));
});

describe('the connection cap', () => {
  const config = resolveConfig({});
  it('stays under the file-descriptor limit, keeping a reserve for the database and files', () => {
    expect(connectionCap(config, 1024)).toBe(1024 - 256);
    expect(connectionCap(config, 1_048_576)).toBe(config.maxConnections);
    expect(connectionCap({ maxConnections: 500 }, 20_000)).toBe(500);
    expect(connectionCap(config, null)).toBe(config.maxConnections);
  });
  it('reads this process’s limit (Linux)', () => {
    if (process.platform !== 'linux') return expect(fileDescriptorLimit()).toBeNull();
    expect(fileDescriptorLimit()).toBeGreaterThan(0);
  });
});

describe('timeouts in the configuration', () => {
  it('default to limits every phase of a connection, above the longest wait the server makes', () => {
    const config = resolveConfig({});
    expect(config.headersTimeoutMs).toBeLessThanOrEqual(config.requestTimeoutMs);
    // A login waits the game's login delay (at most 120 s); `?wait=1` at most 60 s.
    expect(config.connectionTimeoutMs).toBeGreaterThan(120_000);
  });
  it('refuses headers allowed longer than the whole request', () => {
    expect(() => resolveConfig({ headersTimeoutMs: 20_000, requestTimeoutMs: 10_000 })).toThrow(/headersTimeoutMs/);
  });
});
