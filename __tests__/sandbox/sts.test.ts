// STS through the real client: GetCallerIdentity names the sandbox's account, in the awsQuery
// protocol the SDK speaks; unsigned calls are refused as STS refuses them.

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, sandbox } from './helpers.js';

afterEach(cleanUp);

describe('STS', () => {
  it('GetCallerIdentity names the account, the caller and its user id', async () => {
    const sb = await sandbox({ accountId: '111122223333', region: 'eu-west-1' });
    const sts = new STSClient(sb.clientConfig());
    try {
      await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
        Account: '111122223333',
        Arn: 'arn:aws:iam::111122223333:user/sandbox',
        UserId: 'AIDASANDBOXEXAMPLE0000',
      });
    } finally {
      sts.destroy();
    }
    expect(sb.calls({ service: 'sts' }).map((c) => [c.operation, c.status, c.region])).toEqual([
      ['GetCallerIdentity', 200, 'eu-west-1'],
    ]);
  });

  it('refuses an unsigned call, and an unknown action, in the Query error shape', async () => {
    const sb = await sandbox();
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${sb.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });
    const unsigned = await post('Action=GetCallerIdentity&Version=2011-06-15');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');

    const sts = new STSClient({ ...sb.clientConfig(), maxAttempts: 1 });
    try {
      // The SDK only sends what its model has; an unknown action is refused all the same.
      const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
      await expect(
        sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::1:role/r', RoleSessionName: 's' })),
      ).rejects.toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
    } finally {
      sts.destroy();
    }
  });
});
