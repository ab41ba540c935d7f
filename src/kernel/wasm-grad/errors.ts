import { UserFacingError } from '@/utils/errors';

/**
 * A gradient kernel we added to the WASM backend was asked for a configuration it does not
 * implement. Raised instead of computing numbers we have not checked against the CPU backend.
 */
export class WasmGradUnsupportedError extends UserFacingError {
  override name = 'WasmGradUnsupportedError';
  constructor(kernel: string, what: string) {
    super(
      `${kernel} on WASM does not support ${what}.`,
      "Switch the kernel's backend to CPU or WebGL for this model, or use an NHWC layout.",
    );
  }
}
