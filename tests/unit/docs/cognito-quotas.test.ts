// Every Cognito operation the product's code sends has a row in docs/cognito-quotas.md, which names its
// request-rate quota category: a new call cannot land without its quota being looked up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cognitoSdk from '@aws-sdk/client-cognito-identity-provider';

const ROOT = process.cwd();
const SOURCES = ['functions', 'layers/shared/src'];

const typescriptUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules'
      ? []
      : entry.isDirectory()
        ? typescriptUnder(join(dir, entry.name))
        : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')
          ? [join(dir, entry.name)]
          : [],
  );

// `new XxxCommand(` where XxxCommand is the Cognito client's: DynamoDB's and SQS's commands are left out.
const isCognitoCommand = (name: string) => Object.prototype.hasOwnProperty.call(cognitoSdk, name);
const sentOperations = [
  ...new Set(
    SOURCES.flatMap(typescriptUnder).flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/\bnew\s+([A-Z]\w*)Command\s*\(/g)]
        .filter((match) => isCognitoCommand(`${match[1] ?? ''}Command`))
        .map((match) => match[1] ?? ''),
    ),
  ),
].sort();

/** The operations of the doc's "What the product sends" table: its rows' first cells. */
const documentedOperations = () => {
  const text = readFileSync(join(ROOT, 'docs/cognito-quotas.md'), 'utf8');
  const section = text.split('## What the product sends')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `(\w+)` +\|/gm)].map((match) => match[1] ?? '').sort();
};

describe('docs/cognito-quotas.md', () => {
  it('finds the Cognito commands in the code (the scan itself works)', () => {
    expect(sentOperations).toEqual(expect.arrayContaining(['InitiateAuth', 'GetUser', 'ListUsers', 'AdminDeleteUser']));
    expect(sentOperations).not.toContain('Get');
    expect(sentOperations).not.toContain('TransactWrite');
  });

  it('has a quota row for every Cognito operation the code sends, and none for one it does not', () => {
    expect(documentedOperations()).toEqual(sentOperations);
  });
});
