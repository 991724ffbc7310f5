/** Raised when a value of the domain cannot be constructed from what was given. */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DomainError';
  }
}
