/** Quick-add buttons for the demo program's categories; a real till sends its own basket. Prices in cents. */
export const quickProducts = [
  { sku: 'latte-grande', name: 'Caffè Latte', category: 'handcrafted-drink', unitPrice: 495 },
  { sku: 'drip-grande', name: 'Brewed coffee', category: 'brewed-coffee', unitPrice: 295 },
  { sku: 'extra-shot', name: 'Extra shot', category: 'customization', unitPrice: 125 },
  { sku: 'croissant', name: 'Croissant', category: 'bakery', unitPrice: 345 },
  { sku: 'egg-sandwich', name: 'Egg sandwich', category: 'hot-breakfast', unitPrice: 525 },
  { sku: 'turkey-pesto', name: 'Turkey pesto', category: 'lunch', unitPrice: 795 },
  { sku: 'whole-bean', name: 'Whole bean 1 lb', category: 'packaged-coffee', unitPrice: 1795 },
  { sku: 'tumbler', name: 'Tumbler', category: 'merchandise', unitPrice: 2495 },
] as const;

export const categories = [
  'handcrafted-drink',
  'brewed-coffee',
  'hot-tea',
  'customization',
  'bakery',
  'hot-breakfast',
  'lunch',
  'packaged-coffee',
  'merchandise',
  'other',
] as const;
