/**
 * A mailing folder that cannot be audited at all: the folder, its manifest or one of its files is
 * missing, unreadable or not in the format offerkit writes. `path` names the file (or folder).
 *
 * @example
 * try { await readPrintedMailing('out/mailing'); } catch (e) { if (e instanceof MailingReadError) console.error(e.message); }
 */
export class MailingReadError extends Error {
  override readonly name = 'MailingReadError';

  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}
