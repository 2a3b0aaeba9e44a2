/** A console line that could not be understood or run; line and column are 1-based. */
export interface ConsoleError {
  readonly line: number
  readonly column: number
  readonly message: string
  /** A valid command (or keyword, for an argument) close to what was typed, when there is one. */
  readonly suggestion?: string
  /**
   * The JSON "cmd" when the command was recognised but its arguments were not (`host poke`);
   * absent for an unknown command, whose "cmd" is the first word typed.
   */
  readonly cmd?: string
}

/** Thrown by ArgReader and caught by the parser; never escapes src/console. */
export class ArgFailure extends Error {
  constructor(
    readonly column: number,
    message: string,
    /** The keyword the user probably meant, when there is one. */
    readonly suggestion?: string,
  ) {
    super(message)
  }
}
