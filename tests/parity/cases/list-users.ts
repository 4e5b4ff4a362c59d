// ListUsers with a filter, as send-message finds a recipient by email.
import { randomUUID } from 'node:crypto';
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { ParityCase } from '../harness.js';
import { API, confirmedUser, expectFailure, templatePool, UUID } from '../fixtures.js';

export const listUsersCases: ParityCase[] = [
  {
    id: 'list-users/filter',
    title: 'ListUsers filters on one attribute, exactly (=) or by prefix (^=), and refuses an attribute it cannot search',
    doc: `${API}/API_ListUsers.html`,
    run: async (t) => {
      const pool = await templatePool(t);
      // The pool is shared with other cases: the case's users have a prefix of their own.
      const tag = `list${randomUUID().slice(0, 8)}`;
      const [jane, john, other] = [
        await confirmedUser(t, pool, `${tag}-jane`),
        await confirmedUser(t, pool, `${tag}-john`),
        await confirmedUser(t, pool, `${tag}-other`),
      ];
      const list = (Filter: string) => t.cognito.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter }));
      const emailsOf = (users: { Attributes?: { Name?: string; Value?: string }[] }[] = []) =>
        users.map((user) => user.Attributes?.find((a) => a.Name === 'email')?.Value).sort();
      await t.check('email = finds exactly that user, with its username and attributes', async () => {
        const { Users = [] } = await list(`email = "${jane}"`);
        expect(emailsOf(Users)).toEqual([jane]);
        expect(Users[0]).toMatchObject({ Username: expect.stringMatching(UUID), UserStatus: 'CONFIRMED', Enabled: true });
      });
      await t.check('email ^= finds the users whose email starts so', async () => {
        const { Users } = await list(`email ^= "${tag}-j"`);
        expect(emailsOf(Users)).toEqual([jane, john].sort());
        expect(emailsOf(Users)).not.toContain(other);
      });
      await t.check('sub = finds the user', async () => {
        const { Users = [] } = await list(`email = "${john}"`);
        const sub = Users[0]?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? '';
        expect(emailsOf((await list(`sub = "${sub}"`)).Users)).toEqual([john]);
      });
      await t.check('an attribute ListUsers cannot search: InvalidParameterException', () =>
        expectFailure(list('custom:team = "x"'), { name: 'InvalidParameterException' }),
      );
    },
  },
];
