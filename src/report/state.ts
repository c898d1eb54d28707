// Step state the main step saves and the post step reads.

/**
 * Step state the post step reads: the command to cancel if the workflow is cancelled, or, while
 * no command id is known, the marker and time of a send that may have reached SSM unanswered; and
 * a GitHub Deployment the main step has not settled.
 */
export const DEPLOY_STATE = {
  commandId: 'command-id',
  region: 'region',
  sendingNonce: 'sending-nonce',
  sendingAt: 'sending-at',
  acceptedAt: 'accepted-at',
  deploymentId: 'deployment-id',
  /** JSON: the target group registrations a rollout took out and has not put back yet. */
  trafficOut: 'traffic-out',
} as const;
