/** Hex sha256 via WebCrypto: workers and Node 20 both have crypto.subtle. */
export async function sha256Hex(input: ArrayBuffer | Uint8Array): Promise<string> {
  const view = input instanceof Uint8Array ? input : new Uint8Array(input);
  const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  const bytes = new Uint8Array(digest);
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex;
}
