import { z } from 'zod';
import type { AnyProcedure } from '@trpc/server';
import { appRouter } from '../root.ts';
import { posOutputs, type PosProcedureName } from './pos-outputs.ts';

const summaries: Record<PosProcedureName, string> = {
  identify: 'Find the member at the till by QR code, phone, email or card number',
  enroll: 'Enrol a member at the till by phone and/or email',
  quote: 'What the basket would earn and which rewards apply; writes nothing',
  hold: "Reserve a reward's points during the sale (idempotent by holdId)",
  release: 'Give a held reward back',
  checkout: 'Record the sale: capture rewards, earn by the rules in effect at order.occurredAt. Idempotent by orderId',
  refund: 'Reverse points for refunded lines. Idempotent by refundId',
  void: 'Reverse the whole order (refundId is `void:<orderId>`)',
};

const errorSchema = {
  type: 'object',
  description: 'tRPC error envelope. `data.code` is the stable error code; `message` is written for a person.',
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        code: { type: 'integer', description: 'JSON-RPC code (e.g. -32600); prefer data.code' },
        data: {
          type: 'object',
          properties: {
            code: { type: 'string', enum: ['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PRECONDITION_FAILED', 'TOO_MANY_REQUESTS', 'INTERNAL_SERVER_ERROR'] },
            httpStatus: { type: 'integer' },
            path: { type: 'string' },
            fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } },
          },
          required: ['code', 'httpStatus'],
        },
      },
      required: ['message', 'data'],
    },
  },
  required: ['error'],
} as const;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/**
 * An OpenAPI 3.1 document for the pos.* procedures, describing tRPC's own HTTP wire format (what the
 * SDK sends), so a till in any language can integrate with plain HTTP and JSON. Generated from the
 * procedures' zod input schemas, so it cannot drift from what the API validates.
 *
 * Why not trpc-to-openapi: it serves a second, REST-shaped surface that needs `.meta({ openapi })` on
 * every procedure and an OpenApiMeta-typed initTRPC; this describes the one surface that exists.
 */
export function posOpenApiDocument(): Record<string, unknown> {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  const schemas: Record<string, unknown> = { Error: errorSchema };
  const paths: Record<string, unknown> = {};
  for (const name of Object.keys(summaries) as PosProcedureName[]) {
    const procedure = procedures[`pos.${name}`];
    if (!procedure) throw new Error(`pos.${name} is not in the router`);
    const def = procedure._def as unknown as { type: 'query' | 'mutation'; inputs: z.ZodType[] };
    const input = def.inputs[0];
    if (!input) throw new Error(`pos.${name} has no input schema`);
    const inputName = `${pascal(name)}Input`;
    const outputName = name === 'void' ? 'RefundReceipt' : name === 'checkout' ? 'CheckoutReceipt' : name === 'refund' ? 'RefundReceipt' : `${pascal(name)}Result`;
    schemas[inputName] = jsonSchema(input, 'input');
    if (name !== 'void') schemas[outputName] = jsonSchema(posOutputs[name], 'output');
    const ref = (schema: string) => ({ $ref: `#/components/schemas/${schema}` });
    const ok = {
      description: 'The result, in the `result.data` envelope',
      content: { 'application/json': { schema: { type: 'object', properties: { result: { type: 'object', properties: { data: ref(outputName) }, required: ['data'] } }, required: ['result'] } } },
    };
    const failure = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
    const operation = {
      operationId: `pos.${name}`,
      summary: summaries[name],
      tags: ['pos'],
      security: [{ terminalKey: [] }],
      responses: {
        '200': ok,
        '400': failure('BAD_REQUEST: `error.data.fields` names each field at fault'),
        '401': failure('UNAUTHORIZED: missing, unknown or revoked terminal key'),
        '404': failure('NOT_FOUND: unknown member, reward, hold or order'),
        '409': failure('CONFLICT: the idempotency key was used before with a different request'),
        '412': failure('PRECONDITION_FAILED: not enough points, or the reward is not offered here'),
        '429': failure('TOO_MANY_REQUESTS: slow down'),
        '5XX': failure('The service had a problem; nothing was changed. Retry with the same idempotency key.'),
      },
    };
    paths[`/trpc/pos.${name}`] =
      def.type === 'query'
        ? {
            get: {
              ...operation,
              parameters: [{ name: 'input', in: 'query', required: true, description: 'The input as URL-encoded JSON', content: { 'application/json': { schema: ref(inputName) } } }],
            },
          }
        : { post: { ...operation, requestBody: { required: true, content: { 'application/json': { schema: ref(inputName) } } } } };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Omniloyal POS API',
      version: '1',
      description: [
        'The till procedures of the Omniloyal tRPC API over plain HTTP and JSON (no transformer).',
        'Queries are `GET /trpc/<procedure>?input=<URL-encoded JSON>`; mutations are `POST /trpc/<procedure>` with the input as the JSON body.',
        'Answers are `{ "result": { "data": ... } }`; failures are `{ "error": { "message", "data": { "code", "httpStatus", "fields" } } }` with the HTTP status.',
        'Amounts are integers in minor units of the program currency; times are ISO 8601 with offset.',
        'checkout is idempotent by orderId and refund by refundId: after a timeout or a network error, send the same request again (offline tills replay later with the original order.occurredAt, which decides the earn).',
        'Retry network errors and 5xx with backoff; never retry a 4xx unchanged.',
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    security: [{ terminalKey: [] }],
    tags: [{ name: 'pos', description: 'A till: Bearer terminal key, one store of one program, channel pos' }],
    paths,
    components: {
      securitySchemes: { terminalKey: { type: 'http', scheme: 'bearer', description: 'A terminal key from `manager.keys.create({ kind: "terminal", storeId })` or `npm run cli`' } },
      schemas,
    },
  };
}
