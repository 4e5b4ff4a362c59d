// ListUsers with Cognito's filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix),
// on the attributes the API reference lists.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html
import type { Context, Input, Output } from '../context.js';
import { invalidParameter } from '../errors.js';
import type { User } from '../model.js';
import { poolOf } from '../records.js';
import { mfaSettingsOf, userTypeOf } from '../users.js';
import { optionalInteger, optionalText, stringList, text, USER_POOL_ID } from '../validate.js';

const FILTERABLE = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
];
const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

function valueOf(user: User, attribute: string): string | undefined {
  if (attribute === 'username') return user.username;
  if (attribute === 'sub') return user.sub;
  if (attribute === 'cognito:user_status') return user.status;
  if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
  return user.attributes[attribute];
}

function matcherOf(filter: string | undefined, caseSensitive: boolean): (user: User) => boolean {
  if (!filter?.trim()) return () => true;
  const parsed = FILTER.exec(filter);
  const [, attribute = '', operator, raw = ''] = parsed ?? [];
  if (!parsed || !FILTERABLE.includes(attribute)) throw invalidParameter('Error while parsing filter.');
  const fold = (value: string) => (caseSensitive ? value : value.toLowerCase());
  const wanted = fold(raw.replace(/\\(.)/g, '$1'));
  return (user) => {
    const value = valueOf(user, attribute);
    if (value === undefined) return false;
    return operator === '=' ? fold(value) === wanted : fold(value).startsWith(wanted);
  };
}

export function listUsers(ctx: Context, input: Input): Output {
  const pool = poolOf(ctx, text(input, 'UserPoolId', USER_POOL_ID));
  const limit = optionalInteger(input, 'Limit', 0, 60) || 60;
  const matches = matcherOf(optionalText(input, 'Filter', { max: 256 }), pool.UsernameConfiguration?.CaseSensitive ?? true);
  const wanted = stringList(input, 'AttributesToGet');
  const after = optionalText(input, 'PaginationToken') ?? '';
  const users: User[] = [];
  let last = '';
  let next: string | undefined;
  for (const row of ctx.store.all(
    'SELECT username, data FROM users WHERE pool_id = ? AND username > ? ORDER BY username',
    pool.Id,
    after,
  )) {
    const user = JSON.parse(String(row.data)) as User;
    if (!matches(user)) continue;
    if (users.length === limit) {
      next = last;
      break;
    }
    users.push(user);
    last = String(row.username);
  }
  return {
    Users: users.map((user) => {
      const type = { ...userTypeOf(user), ...mfaSettingsOf(user) };
      return wanted ? { ...type, Attributes: type.Attributes.filter((a) => wanted.includes(a.Name)) } : type;
    }),
    ...(next ? { PaginationToken: next } : {}),
  };
}
