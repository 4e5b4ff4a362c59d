// Every relative link in the documentation resolves to a file of this repository: a clone has nothing else.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = process.cwd();
const markdownUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownUnder(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );
const documents = ['README.md', 'layers/shared/README.md', 'clients/typescript/README.md', ...markdownUnder('docs')];

describe('documentation links', () => {
  it.each(documents)('%s links only to files inside the repository that exist', (document) => {
    const text = readFileSync(join(ROOT, document), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
      .map((target) => resolve(ROOT, dirname(document), target.split('#')[0] ?? ''));
    const broken = targets.filter((target) => relative(ROOT, target).startsWith('..') || !existsSync(target));
    expect(broken.map((target) => relative(ROOT, target))).toEqual([]);
  });
});
