/** A copy of a typed array with room for `size` elements (its contents first, zeros after). */
export function grow<T extends Int32Array | Float32Array | Float64Array | Uint8Array>(a: T, size: number): T {
  const grown = new (a.constructor as new (n: number) => T)(size);
  grown.set(a);
  return grown;
}
