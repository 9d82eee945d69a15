package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.model.ModelArtifactCheck;
import dev.charter.model.ModelVersion;
import dev.charter.worker.supply.BuildProvenance;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code charter version [--json]}: the build this jar came from (commit, SBOM digest) and the
 * hashes of the models it ships, checked against their model cards; what a worker records in each
 * {@code task.pinned} event and shows on {@code /actuator/info}. Exit 1 when a shipped model's
 * artifacts do not match its card.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the build commit, the SBOM digest and the shipped models' hashes.",
      "Exit 0, or 1 when a shipped model's weights or encoder differ from its model card."
    })
final class VersionCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() throws Exception {
    BuildProvenance build = BuildProvenance.ofClasspath();
    List<ModelArtifactCheck> models =
        Arrays.stream(ModelVersion.values()).map(ModelArtifactCheck::ofShipped).toList();
    boolean verified = models.stream().allMatch(ModelArtifactCheck::verified);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("version", CharterCli.VERSION);
      all.put("build", build);
      all.put("models", models);
      out.println(new ObjectMapper().writeValueAsString(all));
    } else {
      out.printf("charter %s%n", CharterCli.VERSION);
      out.printf(
          "commit   %s%s (%s)%n",
          build.commit(), build.dirty() ? " dirty" : "", build.commitTime());
      out.printf(
          "sbom     sha-256 %s (%s, %d components, %s)%n",
          build.sbomSha256(),
          build.sbomFormat(),
          build.sbomComponents(),
          BuildProvenance.SBOM_RESOURCE);
      for (ModelArtifactCheck model : models) {
        for (ModelArtifactCheck.ArtifactDigest a : model.artifacts()) {
          out.printf(
              "model    %s %s %s sha-256 %s%n",
              model.version(),
              a.matches() ? "ok      " : "MISMATCH",
              a.artifact(),
              a.matches() ? a.actual() : a.actual() + " (card: " + a.recorded() + ")");
        }
      }
    }
    return verified ? 0 : 1;
  }
}
