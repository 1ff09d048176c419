/**
 * Keyed rows: a list whose rows keep their elements across updates (matched by key), so a checkbox just
 * clicked keeps focus and a slider being dragged is not replaced when the store sends the list again.
 */

export interface Row<T> {
  el: HTMLElement;
  update(item: T): void;
}

export class KeyedList<T> {
  private readonly rows = new Map<string, Row<T>>();

  constructor(
    private readonly container: HTMLElement,
    private readonly keyOf: (item: T) => string,
    private readonly create: (item: T) => Row<T>,
  ) {}

  update(items: readonly T[]): void {
    const keys = new Set(items.map(this.keyOf));
    for (const [key, row] of this.rows) {
      if (!keys.has(key)) {
        row.el.remove();
        this.rows.delete(key);
      }
    }
    items.forEach((item, i) => {
      const key = this.keyOf(item);
      let row = this.rows.get(key);
      if (!row) {
        row = this.create(item);
        this.rows.set(key, row);
      }
      row.update(item);
      // Move only rows that are out of place: moving a node blurs it if it holds focus.
      const current = this.container.children[i];
      if (current !== row.el) this.container.insertBefore(row.el, current ?? null);
    });
  }

  get(key: string): Row<T> | undefined {
    return this.rows.get(key);
  }
}
