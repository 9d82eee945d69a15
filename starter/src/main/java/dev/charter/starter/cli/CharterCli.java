package dev.charter.starter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code charter} command. */
@Command(
    name = "charter",
    mixinStandardHelpOptions = true,
    version = "charter 0.1.0",
    description = "A governed, durable runtime for AI agents on Temporal.",
    subcommands = {
      DevCommand.class,
      WorkerCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CharterCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code: 0 ok, 1 failure, 2 bad input. */
  public static int execute(String... args) {
    return new CommandLine(new CharterCli())
        .setExitCodeExceptionMapper(e -> e instanceof IllegalArgumentException ? 2 : 1)
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
