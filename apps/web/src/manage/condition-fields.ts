/** What the condition builder offers per field: its label, operators and a starting value. */
export interface ConditionFieldSpec {
  field: string;
  label: string;
  ops: { value: string; label: string }[];
  initial: Record<string, unknown>;
}

const membership = [
  { value: 'in', label: 'is one of' },
  { value: 'not-in', label: 'is none of' },
];

export const CONDITION_FIELD_SPECS: ConditionFieldSpec[] = [
  { field: 'channel', label: 'Channel', ops: membership, initial: { field: 'channel', op: 'in', value: ['pos'] } },
  { field: 'store', label: 'Store', ops: membership, initial: { field: 'store', op: 'in', value: [] } },
  { field: 'paymentMethod', label: 'Payment method', ops: membership, initial: { field: 'paymentMethod', op: 'in', value: [] } },
  {
    field: 'subtotal',
    label: 'Order subtotal',
    ops: [
      { value: 'gte', label: 'at least' },
      { value: 'gt', label: 'more than' },
      { value: 'lt', label: 'less than' },
      { value: 'lte', label: 'at most' },
      { value: 'eq', label: 'exactly' },
    ],
    initial: { field: 'subtotal', op: 'gte', value: 1000 },
  },
  { field: 'sku', label: 'Product SKU', ops: membership, initial: { field: 'sku', op: 'in', value: [] } },
  { field: 'category', label: 'Product category', ops: membership, initial: { field: 'category', op: 'in', value: [] } },
  { field: 'tier', label: 'Member tier', ops: membership, initial: { field: 'tier', op: 'in', value: [] } },
  {
    field: 'tags',
    label: 'Member tags',
    ops: [
      { value: 'has-any', label: 'has any of' },
      { value: 'has-all', label: 'has all of' },
      { value: 'has-none', label: 'has none of' },
    ],
    initial: { field: 'tags', op: 'has-any', value: [] },
  },
  {
    field: 'birthday',
    label: 'Birthday',
    ops: [
      { value: 'on-day', label: 'is today' },
      { value: 'in-month', label: 'is this month' },
      { value: 'within-days', label: 'is within days' },
    ],
    initial: { field: 'birthday', op: 'on-day' },
  },
  { field: 'weekday', label: 'Weekday', ops: [{ value: 'in', label: 'is one of' }], initial: { field: 'weekday', op: 'in', value: ['sat', 'sun'] } },
  { field: 'timeOfDay', label: 'Time of day', ops: [{ value: 'between', label: 'between' }], initial: { field: 'timeOfDay', op: 'between', value: { from: '14:00', to: '17:00' } } },
  { field: 'date', label: 'Date', ops: [{ value: 'between', label: 'between' }], initial: { field: 'date', op: 'between', value: { from: '', to: '' } } },
  { field: 'eventType', label: 'Event type', ops: membership, initial: { field: 'eventType', op: 'in', value: ['purchase'] } },
  {
    field: 'eventProperty',
    label: 'Event property',
    ops: [
      { value: 'eq', label: 'equals' },
      { value: 'neq', label: 'does not equal' },
      { value: 'gt', label: 'greater than' },
      { value: 'lt', label: 'less than' },
      { value: 'exists', label: 'exists' },
    ],
    initial: { field: 'eventProperty', property: 'role', op: 'eq', value: '' },
  },
];

export function specFor(field: unknown): ConditionFieldSpec | undefined {
  return CONDITION_FIELD_SPECS.find((s) => s.field === field);
}
