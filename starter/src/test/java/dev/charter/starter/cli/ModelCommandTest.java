package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.model.IntentModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code charter model train | verify} end to end, with the real trainer. The shipped model was
 * trained by the build in another JVM, so verify matching it is a cross-process reproducibility
 * check.
 */
class ModelCommandTest {

  private static final Pattern WEIGHTS =
      Pattern.compile("intent-head\\.params\\s+sha-256 ([0-9a-f]{64})");

  @TempDir static Path trained;
  private static Run first;

  @BeforeAll
  static void trainOnce() {
    first = run("model", "train", "--version", "v1", "--out", trained.resolve("a").toString());
  }

  @Test
  void should_print_identical_hashes_for_every_file_when_trained_twice() {
    Run second = run("model", "train", "--version", "v1", "--out", trained.resolve("b").toString());

    assertThat(first.exit).isZero();
    assertThat(second.exit).isZero();
    assertThat(hashLines(second.out)).isEqualTo(hashLines(first.out));
    assertThat(hashLines(first.out))
        .anyMatch(line -> line.contains("intent-head.params"))
        .anyMatch(line -> line.contains("dataset/train.jsonl"))
        .anyMatch(line -> line.contains("dataset/heldout.jsonl"))
        .anyMatch(line -> line.contains("lineage.json"))
        .anyMatch(line -> line.contains("encoder all-MiniLM-L6-v2"));
  }

  @Test
  void should_exit_zero_when_verifying_the_shipped_model_trained_by_the_build() {
    Run verify = run("model", "verify", "--version", "v1");

    String shipped;
    try (IntentModel model = IntentModel.load("v1")) {
      shipped = model.card().weightsSha256();
    }
    assertThat(verify.exit).as(verify.out + verify.err).isZero();
    assertThat(verify.out)
        .contains("match     intent-head.params", shipped)
        .contains("verified")
        .doesNotContain("MISMATCH");
    assertThat(weights(first.out)).isEqualTo(shipped);
  }

  @Test
  void should_exit_one_naming_both_hashes_when_the_recorded_weights_hash_differs(
      @TempDir Path forged) throws Exception {
    Path source = trained.resolve("a");
    for (String name : List.of("model.json", "lineage.json", "intent-head.params")) {
      Files.copy(source.resolve(name), forged.resolve(name));
    }
    String real = weights(first.out);
    String fake = "f".repeat(64);
    Path manifest = forged.resolve("model.json");
    Files.writeString(manifest, Files.readString(manifest).replace(real, fake));

    Run verify = run("model", "verify", "--version", "v1", "--model-dir", forged.toString());

    assertThat(verify.exit).isEqualTo(1);
    assertThat(verify.out)
        .contains("MISMATCH  intent-head.params")
        .contains("recorded " + fake + ", recomputed " + real)
        .contains("NOT verified");
  }

  @Test
  void should_exit_two_naming_the_bad_value_when_version_is_unknown() {
    Run train = run("model", "train", "--version", "v9", "--out", trained.resolve("c").toString());
    Run verify = run("model", "verify", "--version", "v0");

    assertThat(train.exit).isEqualTo(2);
    assertThat(train.err).contains("`v9`", "[v1, v2, v3]");
    assertThat(trained.resolve("c")).doesNotExist();
    assertThat(verify.exit).isEqualTo(2);
    assertThat(verify.err).contains("`v0`");
  }

  @Test
  void should_exit_two_and_keep_the_files_when_out_is_a_directory_of_other_files(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "keep me");

    Run train = run("model", "train", "--out", dir.toString());

    assertThat(train.exit).isEqualTo(2);
    assertThat(train.err).contains(dir.toString(), "not a model directory");
    assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("keep me");
  }

  private static List<String> hashLines(String out) {
    return out.lines().filter(line -> line.contains("sha-256")).toList();
  }

  private static String weights(String out) {
    Matcher matcher = WEIGHTS.matcher(out);
    assertThat(matcher.find()).as(out).isTrue();
    return matcher.group(1);
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CharterCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
