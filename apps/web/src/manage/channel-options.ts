/** Channels as a manager picks them in rules and rewards. */
export const CHANNEL_OPTIONS = [
  { value: 'pos', label: 'In store' },
  { value: 'web', label: 'Web' },
  { value: 'app', label: 'App' },
  { value: 'partner', label: 'Partner' },
];
