/** Memorable level passwords: short English words a class can hear once and type on a phone. */
const ADJECTIVES = [
  'brave', 'calm', 'clever', 'cosy', 'crisp', 'eager', 'fancy', 'fast', 'fuzzy', 'gentle', 'happy', 'jolly',
  'kind', 'lucky', 'merry', 'mighty', 'proud', 'quick', 'quiet', 'rapid', 'shiny', 'silly', 'smart', 'snowy',
  'sunny', 'swift', 'tidy', 'tiny', 'vivid', 'warm', 'wild', 'witty',
];
const NOUNS = [
  'apple', 'badger', 'banana', 'bear', 'cactus', 'comet', 'dragon', 'eagle', 'falcon', 'fox', 'koala', 'lemon',
  'lion', 'mango', 'maple', 'moon', 'otter', 'panda', 'peach', 'pepper', 'planet', 'rabbit', 'river', 'robot',
  'rocket', 'tiger', 'tulip', 'turtle', 'valley', 'violin', 'walrus', 'zebra',
];

function pick<T>(list: readonly T[]): T {
  const r = new Uint32Array(1);
  crypto.getRandomValues(r);
  return list[r[0] % list.length];
}

/** e.g. "sunny-otter-42"; `taken` are the game's other passwords (they must be unique within a game). */
export function memorablePassword(taken: readonly string[] = []): string {
  for (let i = 0; i < 50; i++) {
    const digits = String(10 + (crypto.getRandomValues(new Uint32Array(1))[0] % 90));
    const candidate = `${pick(ADJECTIVES)}-${pick(NOUNS)}-${digits}`;
    if (!taken.includes(candidate)) return candidate;
  }
  return `level-${Date.now().toString(36)}`;
}

/** A 4-digit team PIN. */
export function randomPin(): string {
  return String(crypto.getRandomValues(new Uint32Array(1))[0] % 10_000).padStart(4, '0');
}
