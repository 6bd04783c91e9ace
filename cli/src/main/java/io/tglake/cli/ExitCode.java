package io.tglake.cli;

/**
 * The exit codes of every tglake command, so scripts, schedulers and EMR can tell "try again later"
 * from "fix the command line" from "the work failed".
 */
public final class ExitCode {

  /** Everything asked for succeeded (an empty day counts as success). */
  public static final int OK = 0;

  /**
   * The work failed (a day failed, a server answered an error); rerunning the same command is safe.
   */
  public static final int FAILED = 1;

  /** Bad command line: unknown option, missing or malformed value, conflicting options. */
  public static final int USAGE = 2;

  /** Another run holds the day lease; nothing was done, retry later. */
  public static final int BUSY = 3;

  private ExitCode() {}
}
