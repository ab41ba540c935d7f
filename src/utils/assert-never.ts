/** Makes a `switch` over a union fail to compile when a variant is left out. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
