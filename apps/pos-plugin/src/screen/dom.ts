type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** A tiny element builder: attributes, `on…` listeners, and children; falsy children are skipped. */
export function h(tag: string, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === false || child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/**
 * Replaces a region's content and gives focus back to the element with the same `data-focus` that had
 * it, so a cashier working with the keyboard does not lose their place when the screen redraws.
 */
export function replace(region: HTMLElement, ...children: (Child | Child[])[]): void {
  const focused = document.activeElement instanceof HTMLElement && region.contains(document.activeElement) ? document.activeElement.dataset.focus : undefined;
  region.replaceChildren(...(children.flat().filter((c) => c !== false && c !== null && c !== undefined) as (Node | string)[]).map((c) => (typeof c === 'number' ? String(c) : c)));
  if (focused) region.querySelector<HTMLElement>(`[data-focus="${CSS.escape(focused)}"]`)?.focus();
}

export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}
