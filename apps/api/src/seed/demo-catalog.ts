/** What the demo sells, in the demo program's categories (its rewards are priced on these). */
export interface Product {
  sku: string;
  category: string;
  unitPrice: number;
}

const p = (sku: string, category: string, unitPrice: number): Product => ({ sku, category, unitPrice });

export const drinks = [
  p('caffe-latte-grande', 'handcrafted-drink', 575),
  p('caramel-macchiato-grande', 'handcrafted-drink', 625),
  p('cold-brew-grande', 'handcrafted-drink', 495),
  p('mocha-frappuccino-venti', 'handcrafted-drink', 645),
  p('matcha-latte-tall', 'handcrafted-drink', 525),
  p('pike-place-grande', 'brewed-coffee', 345),
  p('dark-roast-venti', 'brewed-coffee', 375),
  p('chai-tea-grande', 'hot-tea', 325),
];
export const food = [
  p('butter-croissant', 'bakery', 375),
  p('blueberry-muffin', 'bakery', 395),
  p('banana-bread', 'bakery', 425),
  p('egg-bites-bacon-gruyere', 'hot-breakfast', 545),
  p('bacon-gouda-sandwich', 'hot-breakfast', 595),
  p('turkey-pesto-panini', 'lunch', 895),
  p('eggs-cheese-protein-box', 'lunch', 795),
];
export const extras = [p('extra-espresso-shot', 'customization', 125), p('oat-milk', 'customization', 95)];
export const packagedCoffee = [
  p('pike-place-whole-bean-1lb', 'packaged-coffee', 1595),
  p('veranda-blend-ground-1lb', 'packaged-coffee', 1595),
  p('espresso-roast-k-cups-22', 'packaged-coffee', 1899),
];
export const merchandise = [
  p('stainless-tumbler-16oz', 'merchandise', 2495),
  p('ceramic-mug-12oz', 'merchandise', 1495),
  p('reusable-cold-cup-24oz', 'merchandise', 1695),
];

export const demoStores = [
  { id: 'seattle-pike-place', name: '1st & Pike, Seattle', timeZone: 'America/Los_Angeles', address: '1912 Pike Pl, Seattle, WA 98101' },
  { id: 'nyc-union-square', name: 'Union Square, New York', timeZone: 'America/New_York', address: '10 Union Sq E, New York, NY 10003' },
  { id: 'chicago-michigan-ave', name: 'Michigan Ave, Chicago', timeZone: 'America/Chicago', address: '646 N Michigan Ave, Chicago, IL 60611' },
] as const;

export const firstNames = ['Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Mateo', 'Sophia', 'Lucas', 'Isabella', 'Ethan', 'Mia', 'Aiden', 'Amelia', 'Jackson', 'Harper', 'Leo', 'Evelyn', 'Wei', 'Priya', 'Kenji', 'Fatima', 'Diego', 'Chloe', 'Omar', 'Grace', 'Hiro', 'Zoe', 'Samuel', 'Nora', 'Ravi', 'Lena', 'Marcus', 'Aisha', 'Tomás', 'Yuki', 'Elena'];
export const lastNames = ['Smith', 'Johnson', 'Garcia', 'Nguyen', 'Patel', 'Kim', 'Brown', 'Martinez', 'Lee', 'Chen', 'Williams', 'Lopez', 'Davis', 'Wilson', 'Anderson', 'Thomas', 'Moore', 'Okafor', 'Rossi', 'Schmidt', 'Haddad', 'Silva', 'Tanaka', 'Kowalski', 'Murphy', 'Cohen', 'Singh', 'Dubois'];
