package dev.charter.starter.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code charter} command. */
@Command(
    name = "charter",
    mixinStandardHelpOptions = true,
    version = "charter " + CharterCli.VERSION,
    description = "A governed, durable runtime for AI agents on Temporal.",
    subcommands = {
      DevCommand.class,
      WorkerCommand.class,
      DemoCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      RouteCommand.class,
      PolicyCommand.class,
      ModelCommand.class,
      AuditCommand.class,
      VersionCommand.class,
      CodecCommand.class,
      TokenCommand.class,
      TaskCommand.class,
      ReplayCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CharterCli implements Runnable {

  /** This release's version. */
  static final String VERSION = "0.1.0";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code: 0 ok, 1 failure, 2 bad input. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** Runs the command line with its output and errors going to the given writers. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  /** The command tree, with the exit code mapping of {@link #execute}. */
  static CommandLine commandLine() {
    CommandLine line = new CommandLine(new CharterCli());
    return line.setExitCodeExceptionMapper(e -> e instanceof IllegalArgumentException ? 2 : 1)
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof IllegalArgumentException) {
                // Bad input: the message names the bad value; a stack trace would bury it.
                cmd.getErr().println("error: " + e.getMessage());
                cmd.getErr().flush();
                return 2;
              }
              if (e instanceof java.io.UncheckedIOException) {
                // An unreachable API or file: the message says which and what to do.
                cmd.getErr().println("error: " + e.getMessage());
                cmd.getErr().flush();
                return 1;
              }
              throw e;
            });
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
