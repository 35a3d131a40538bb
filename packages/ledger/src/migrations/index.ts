import type { Migration } from 'kysely';
import { migration as ledgerSchema } from './20261122T210000-ledger-schema.ts';
import { migration as ledgerFunctions } from './20261122T210100-ledger-functions.ts';
import * as appTables from './20261122T220000-app-tables.ts';
import * as opsTables from './20261122T230000-ops-tables.ts';
import * as analyticsIndexes from './20261122T220100-analytics-indexes.ts';
import * as ledgerEarnSetBased from './20261122T231000-ledger-earn-set-based.ts';
import * as checkoutRecord from './20261123T000000-checkout-record.ts';
import * as qualifyingBound from './20261123T020000-qualifying-bound.ts';
import * as planOnce from './20261123T030000-plan-once.ts';
import * as checkoutSetBased from './20261123T040000-checkout-set-based.ts';
import * as keyLookups from './20261123T050000-key-lookups.ts';
import * as qualifyingByMember from './20261123T060000-qualifying-by-member.ts';
import * as qualifyingMemberIndex from './20261123T070000-qualifying-member-index.ts';
import * as expiredHoldUsed from './20261123T080000-expired-hold-used.ts';
import * as spendFirstLots from './20261123T090000-spend-first-lots.ts';
import * as memberSpentIndex from './20261123T100000-member-spent-index.ts';
import * as memberIndexCovering from './20261124T000000-member-index-covering.ts';
import * as earnedEventsWanted from './20261124T100000-earned-events-wanted.ts';
import * as staleMemberCheck from './20261124T200000-stale-member-check.ts';
import * as webhookWantedPlanKept from './20261125T000000-webhook-wanted-plan-kept.ts';

/**
 * Every migration, registered statically so bundlers and tsx need no file-system scan.
 * Names are `YYYYMMDDTHHmmss-name`; Kysely applies them in name order.
 */
export const migrations: Record<string, Migration> = {
  '20261122T210000-ledger-schema': ledgerSchema,
  '20261122T210100-ledger-functions': ledgerFunctions,
  '20261122T220000-app-tables': appTables,
  '20261122T230000-ops-tables': opsTables,
  '20261122T220100-analytics-indexes': analyticsIndexes,
  '20261122T231000-ledger-earn-set-based': ledgerEarnSetBased,
  '20261123T000000-checkout-record': checkoutRecord,
  '20261123T020000-qualifying-bound': qualifyingBound,
  '20261123T030000-plan-once': planOnce,
  '20261123T040000-checkout-set-based': checkoutSetBased,
  '20261123T050000-key-lookups': keyLookups,
  '20261123T060000-qualifying-by-member': qualifyingByMember,
  '20261123T070000-qualifying-member-index': qualifyingMemberIndex,
  '20261123T080000-expired-hold-used': expiredHoldUsed,
  '20261123T090000-spend-first-lots': spendFirstLots,
  '20261123T100000-member-spent-index': memberSpentIndex,
  '20261124T000000-member-index-covering': memberIndexCovering,
  '20261124T100000-earned-events-wanted': earnedEventsWanted,
  '20261124T200000-stale-member-check': staleMemberCheck,
  '20261125T000000-webhook-wanted-plan-kept': webhookWantedPlanKept,
};
