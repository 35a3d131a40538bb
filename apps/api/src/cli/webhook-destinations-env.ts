import { allowPrivateNetworksSetting, type WebhookDestinationPolicy } from '../webhooks/destination-guard.ts';
import { CliError } from './program-option.ts';

/**
 * Where this deployment's webhooks may go, from WEBHOOK_ALLOW_PRIVATE_NETWORKS: read the same way by the
 * server (main.ts) and by the CLI's run-jobs, which delivers webhooks as the server's scheduler does.
 * A bad value is a CliError, reported as one line by either.
 */
export function webhookDestinationsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookDestinationPolicy {
  try {
    return { allowPrivateNetworks: allowPrivateNetworksSetting(env.WEBHOOK_ALLOW_PRIVATE_NETWORKS) };
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}
