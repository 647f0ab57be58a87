/**
 * Runs the commands of a document (docs/API.md, docs/REALTIME.md) as a reader would paste them: every ```sh block, in
 * order, in one bash shell (a block uses the variables the blocks before it set), against a live server.
 *
 * A block fails when one of its commands fails: `set -e -o pipefail`, and `curl` is wrapped so that an HTTP status of
 * 400 or more fails it as `curl --fail` would — except the status its fence names, e.g. ```sh status=409, which the
 * block must then meet at least once (a documented refusal). The document's placeholders (the server's address, the
 * admin password, the class's waits) are replaced by the test's, each replacement checked to apply.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Block {
  /** The first line of the block in the document (1-based). */
  line: number;
  text: string;
  /** The refusal the block shows (status=NNN on its fence), if any. */
  status: number | null;
}

/** The ```sh blocks of a markdown text. */
export function shellBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```sh(?:\s+status=(\d{3}))?\s*$/.exec(lines[i]);
    if (!fence) continue;
    const indent = fence[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(indent));
    blocks.push({ line: i + 1, text: body.join('\n'), status: fence[2] ? Number(fence[2]) : null });
    i = j;
  }
  return blocks;
}

/** A placeholder of the document and what the test puts in its place. */
export interface Substitution {
  from: string;
  to: string;
}

/** The blocks with the placeholders replaced; throws when a placeholder no longer occurs (the table would rot). */
export function substitute(blocks: Block[], table: Substitution[]): Block[] {
  for (const { from } of table) {
    if (!blocks.some((b) => b.text.includes(from))) throw new Error(`no command of the document contains ${JSON.stringify(from)} any more`);
  }
  return blocks.map((b) => ({ ...b, text: table.reduce((text, { from, to }) => text.split(from).join(to), b.text) }));
}

const PRELUDE = [
  'set -e -o pipefail',
  'curl() {',
  '  local out status',
  "  out=$(command curl -sS -w '\\n%{http_code}' \"$@\")",
  "  status=${out##*$'\\n'}",
  "  out=${out%$'\\n'*}",
  '  printf \'%s\\n\' "$status" >> "$DOC_STATUSES"',
  '  printf \'%s\' "$out"',
  '  if [ "$status" = "$DOC_ALLOW" ]; then return 0; fi',
  '  if [ "$status" -ge 400 ]; then printf \'\\ncurl: HTTP %s: %s\\n\' "$status" "$out" >&2; return 22; fi',
  '}',
].join('\n');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The block that was running when the shell stopped (all of them on success). */
  reached: number;
  /** Where the commands ran: downloads are there until `cleanup`. */
  dir: string;
  cleanup(): void;
}

/** Runs the blocks in one bash shell in a fresh folder that sees the repository's examples/ and node_modules/. */
export function runBlocks(blocks: Block[], timeoutMs: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gd-docs-'));
  for (const name of ['examples', 'node_modules']) symlinkSync(resolve(ROOT, name), join(dir, name));
  const statuses = join(dir, '.statuses');
  const reachedFile = join(dir, '.reached');
  let script = PRELUDE;
  blocks.forEach((b, i) => {
    script += `\n# ---- block ${i} (line ${b.line})\necho ${i} > ${JSON.stringify(reachedFile)}\nDOC_ALLOW=${b.status ?? ''}\n: > "$DOC_STATUSES"\n${b.text}\n`;
    if (b.status !== null) script += `grep -qx ${b.status} "$DOC_STATUSES" || { echo "block at line ${b.line} never answered ${b.status}" >&2; exit 90; }\n`;
  });
  script += `echo ${blocks.length} > ${JSON.stringify(reachedFile)}\n`;
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn('bash', ['-c', script], { cwd: dir, env: { ...process.env, DOC_STATUSES: statuses, PYTHONDONTWRITEBYTECODE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', rejectRun);
    child.on('close', (code) => {
      clearTimeout(timer);
      let reached = -1;
      try {
        reached = Number(readFileSync(reachedFile, 'utf8').trim());
      } catch {
        // The shell stopped before its first block.
      }
      resolveRun({ code, stdout, stderr, reached, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
    });
  });
}

/** A failure message that shows the block that failed and what the shell printed. */
export function explainFailure(blocks: Block[], run: RunResult, document: string): string {
  const block = blocks[run.reached];
  return `${document}: the block at line ${block?.line ?? '?'} failed (exit ${run.code}):\n${block?.text ?? ''}\n--- stderr\n${run.stderr.slice(-4000)}\n--- stdout (end)\n${run.stdout.slice(-2000)}`;
}
