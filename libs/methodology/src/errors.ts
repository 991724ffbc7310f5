/** A bundle that the methodology cannot be applied to (e.g. a POD absent from the NCC schedule). */
export class MethodologyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MethodologyError';
  }
}
