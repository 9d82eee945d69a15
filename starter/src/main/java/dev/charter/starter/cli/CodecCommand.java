package dev.charter.starter.cli;

import dev.charter.codec.PayloadKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code charter codec new-key}: a payload key line for a key file or the environment. */
@Command(
    name = "codec",
    mixinStandardHelpOptions = true,
    description = "Payload encryption keys.",
    subcommands = {CodecCommand.NewKey.class})
final class CodecCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "new-key",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a fresh AES-256 payload key as `id=base64`.",
        "Rotate by appending it as the last line of the key file (or of "
            + PayloadKeys.ENVIRONMENT
            + "): the last key encrypts, every key listed still decrypts."
      })
  static final class NewKey implements Runnable {

    @Option(names = "--id", required = true, description = "key id, e.g. k2026-11")
    String id;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println(PayloadKeys.generateEntry(id));
      spec.commandLine().getOut().flush();
    }
  }
}
