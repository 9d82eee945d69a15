package dev.charter.starter.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} as Debian's {@code docker-compose config} resolves it: valid, every
 * service with a healthcheck, every dependency with a condition, every mounted config file present.
 * Without the binary the test skips locally and fails under {@code CI=true} ({@code .ci/run}
 * installs it).
 */
class ComposeFileTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  static final Path BINARY = Path.of("/usr/bin/docker-compose");

  record Result(int code, String out, String err) {}

  static Result compose(String... args) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      String message =
          "docker-compose is not installed: `apt-get install -y docker-compose` to run this test";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " (CI=true: .ci/run installs it)");
      }
      Assumptions.abort(message);
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString()));
    if (args.length == 0 || !args[0].equals("-f")) {
      command.addAll(List.of("-f", COMPOSE.toString()));
    }
    command.addAll(List.of(args));
    Path out = Files.createTempFile("compose", ".out");
    Path err = Files.createTempFile("compose", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(ROOT.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("docker-compose config did not answer within 60 s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void should_validate_with_healthchecks_and_conditions_on_every_service() throws Exception {
    Result result = compose("config");
    assertThat(result.code()).as(result.err()).isZero();

    Map<String, Object> config = new Yaml().load(result.out());
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) config.get("services");
    assertThat(services)
        .containsKeys(
            "postgresql",
            "temporal",
            "temporal-setup",
            "temporal-ui",
            "charter-worker",
            "charter-api",
            "otel-collector",
            "jaeger",
            "prometheus",
            "grafana");
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      assertThat(service.getValue())
          .as("service %s has a healthcheck", service.getKey())
          .containsKey("healthcheck");
      Object dependsOn = service.getValue().get("depends_on");
      if (dependsOn != null) {
        assertThat(dependsOn)
            .as("%s: depends_on with conditions", service.getKey())
            .isInstanceOf(Map.class);
        ((Map<String, Map<String, Object>>) dependsOn)
            .forEach(
                (name, how) ->
                    assertThat(how)
                        .as("%s depends on %s with a condition", service.getKey(), name)
                        .containsKey("condition"));
      }
    }
    assertThat(((Map<String, Object>) services.get("charter-worker").get("deploy")).get("replicas"))
        .isEqualTo(2);
    // The API process serves REST and the dashboard and polls no task queue.
    assertThat(
            ((Map<String, Object>) services.get("charter-api").get("environment"))
                .get("CHARTER_TEMPORAL_WORKER_ENABLED"))
        .isEqualTo("false");

    // Every file a service mounts from deploy/ is in the repository.
    for (Map<String, Object> service : services.values()) {
      Object volumes = service.get("volumes");
      if (volumes instanceof List<?> list) {
        for (Object volume : list) {
          String source =
              volume instanceof Map<?, ?> m
                  ? String.valueOf(m.get("source"))
                  : volume.toString().split(":")[0];
          if (source.contains("/deploy/")) {
            assertThat(Path.of(source)).as("mounted file %s", source).exists();
          }
        }
      }
    }
  }

  @Test
  void should_refuse_a_broken_file_so_the_check_can_fail() throws Exception {
    Path broken = Files.createTempFile(ROOT.resolve("starter/target"), "broken-compose", ".yml");
    try {
      Files.writeString(
          broken,
          Files.readString(COMPOSE)
              .replace("condition: service_healthy", "condition: service_happy"));
      Result result = compose("-f", broken.toString(), "config", "-q");
      assertThat(result.code()).isNotZero();
      assertThat(result.err()).contains("service_happy");
    } finally {
      Files.deleteIfExists(broken);
    }
  }
}
