package dev.charter.worker.supply;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildProvenanceTest {

  @TempDir Path jar;

  @Test
  void should_name_the_sbom_by_the_sha256_sha256sum_prints_for_its_bytes() throws Exception {
    byte[] sbom =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{},{}]}"
            .getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(jar.resolve("META-INF/sbom"));
    Files.write(jar.resolve(BuildProvenance.SBOM_RESOURCE), sbom);
    Files.writeString(
        jar.resolve(BuildProvenance.GIT_PROPERTIES), "git.commit.id=abc123\ngit.dirty=true\n");

    BuildProvenance build;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      build = BuildProvenance.of(loader);
    }

    assertThat(build.sbomSha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sbom)));
    assertThat(build.sbomComponents()).isEqualTo(2);
    assertThat(build.sbomFormat()).isEqualTo("CycloneDX 1.6");
    assertThat(build.commitOrNull()).isEqualTo("abc123");
    assertThat(build.dirty()).isTrue();
  }

  @Test
  void should_say_unknown_when_the_jar_carries_no_sbom_or_commit() throws Exception {
    BuildProvenance build;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      build = BuildProvenance.of(loader);
    }

    assertThat(build.sbomSha256OrNull()).isNull();
    assertThat(build.commitOrNull()).isNull();
  }
}
