// The rollout's own clients, Elastic Load Balancing v2 and CloudWatch, made only when
// target-groups or alarms ask for them: their SDKs are loaded with import() at that moment, so a
// run without them never loads either.

import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { clientSettings } from '../aws.js';
import type { Environment } from '../inputs.js';

export async function createElbClient(
  region: string,
  env: Environment,
): Promise<ElasticLoadBalancingV2Client> {
  const { ElasticLoadBalancingV2Client } =
    await import('@aws-sdk/client-elastic-load-balancing-v2');
  return new ElasticLoadBalancingV2Client(clientSettings(region, env));
}

export async function createCloudWatchClient(
  region: string,
  env: Environment,
): Promise<CloudWatchClient> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  return new CloudWatchClient(clientSettings(region, env));
}
