import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { managerRead, managerWrite } from '../../trpc.ts';
import { writeAudit } from '../../services/audit.ts';
import { notFound } from '../../errors.ts';
import { publicEventTypes } from '../../webhooks/event-types.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
} from '../../webhooks/endpoints.ts';

// The shape only; which hosts a URL may point at depends on the deployment, so createWebhookEndpoint
// checks that against ctx.webhookDestinations (destination-guard.ts).
const endpointUrl = z
  .url({ protocol: /^https?$/, error: 'a http:// or https:// URL' })
  .max(2000);

export const webhooksRouter = {
  list: managerRead.query(({ ctx }) => listWebhookEndpoints(ctx.db, ctx.manager.programId)),

  /** The signing secret (`whsec_...`) is in this answer and nowhere else, ever. */
  create: managerWrite
    .input(
      z.object({
        url: endpointUrl,
        eventTypes: z.array(z.enum(publicEventTypes)).max(publicEventTypes.length).optional(),
        description: z.string().trim().min(1).max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const endpoint = await createWebhookEndpoint(trx, {
          programId: ctx.manager.programId,
          url: input.url,
          eventTypes: input.eventTypes ? [...new Set(input.eventTypes)] : [],
          description: input.description,
          createdBy: ctx.manager.managerId,
          destinations: ctx.webhookDestinations,
        });
        await writeAudit(trx, ctx.manager, {
          action: 'webhook.create',
          target: endpoint.id,
          after: { url: endpoint.url, eventTypes: endpoint.eventTypes },
        });
        return endpoint;
      }),
    ),

  delete: managerWrite.input(z.object({ id: z.uuid() })).mutation(({ ctx, input }) =>
    ctx.db.transaction().execute(async (trx) => {
      const removed = await deleteWebhookEndpoint(trx, ctx.manager.programId, input.id, ctx.now());
      if (!removed) throw notFound(`id: webhook endpoint ${input.id}`);
      await writeAudit(trx, ctx.manager, { action: 'webhook.delete', target: removed.id, before: { url: removed.url, eventTypes: removed.eventTypes } });
      return { id: removed.id, deleted: true };
    }),
  ),

  /** The delivery log for the console: newest first, per endpoint or status if asked. */
  deliveries: managerRead
    .input(
      z.object({
        endpointId: z.uuid().optional(),
        status: z.enum(['pending', 'delivered', 'failed']).optional(),
        cursor: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.db, { programId: ctx.manager.programId, ...input })),
} satisfies TRPCRouterRecord;
