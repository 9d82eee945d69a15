package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code docs/cli.md} holds the {@code --help} text of every {@code charter} command, generated
 * from the command tree; this test fails when the two drift apart. Regenerate with {@code ./mvnw -B
 * -pl starter test -Dtest=CliHelpDocTest -Dcharter.docs.regenerate=true}.
 */
class CliHelpDocTest {

  static final Path DOC = Path.of("../docs/cli.md");

  static String generate() {
    StringBuilder doc = new StringBuilder();
    doc.append(
        """
        # The `charter` command line

        Generated from the commands' `--help` texts by `starter/…/cli/CliHelpDocTest`, which fails the
        build when this file and the code disagree. Regenerate it with
        `./mvnw -B -pl starter test -Dtest=CliHelpDocTest -Dcharter.docs.regenerate=true`.

        Exit codes, for every command: **0** done, **1** refused or failed (a policy, the approval
        validator or the service said no; `task watch`: the task ended other than COMPLETED or
        `--timeout` passed; `replay`: nondeterminism), **2** bad input (usage, an unreadable file, an
        unknown task id for `replay`, or the REST API answered 400). Commands that talk to a running
        Charter take `--api` (default `http://127.0.0.1:8080`) and `--token` (default
        `$CHARTER_TOKEN`, sent as `Authorization: Bearer`): an API token (`charter dev` prints one
        per demo human) or a JWT of your identity provider; Cedar decides what its principal may do.
        """);
    append(doc, CharterCli.commandLine(), "charter");
    return doc.toString();
  }

  private static void append(StringBuilder doc, CommandLine command, String path) {
    if (command.getCommand() instanceof CommandLine.HelpCommand) {
      return;
    }
    doc.append("\n## `").append(path).append("`\n\n```text\n");
    doc.append(command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
    doc.append("\n```\n");
    for (CommandLine sub : command.getSubcommands().values()) {
      String name = sub.getCommandName();
      if (!name.equals(sub.getCommandSpec().name())) {
        continue; // an alias
      }
      append(doc, sub, path + " " + name);
    }
  }

  @Test
  void should_hold_the_help_text_of_every_command_in_docs_cli_md() throws IOException {
    String expected = generate();
    if (Boolean.getBoolean("charter.docs.regenerate")) {
      Files.writeString(DOC, expected);
    }
    assertThat(DOC).exists();
    assertThat(Files.readString(DOC)).isEqualTo(expected);
  }

  @Test
  void should_document_every_task_subcommand_and_replay() throws IOException {
    String doc = Files.readString(DOC);
    for (String command :
        new String[] {
          "task start",
          "task status",
          "task list",
          "task watch",
          "task approve",
          "task reject",
          "task cancel",
          "replay"
        }) {
      assertThat(doc).contains("## `charter " + command + "`");
    }
  }
}
