package dev.charter.worker.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which build this process runs: the git commit the charter jar was built from and the sha-256 of
 * the CycloneDX SBOM it carries. Both are read from the jar itself ({@value #GIT_PROPERTIES} and
 * {@value #SBOM_RESOURCE}, written by the build), so an auditor can compare them with a release's
 * published SBOM and with {@code unzip -p charter.jar ... | sha256sum}.
 *
 * @param commit the full commit id, or {@value #UNKNOWN} when the build ran outside git
 * @param commitTime the commit's time (UTC, ISO-8601), or {@value #UNKNOWN}
 * @param dirty whether the work tree had uncommitted changes when the jar was built
 * @param sbomSha256 sha-256 of the SBOM file's bytes, or {@value #UNKNOWN} when none ships
 * @param sbomComponents how many components the SBOM lists
 * @param sbomFormat the SBOM's format and spec version, e.g. {@code CycloneDX 1.6}
 */
public record BuildProvenance(
    String commit,
    String commitTime,
    boolean dirty,
    String sbomSha256,
    int sbomComponents,
    String sbomFormat) {

  /** Where the build writes the commit. */
  public static final String GIT_PROPERTIES = "git.properties";

  /** Where the build writes the SBOM (Spring Boot's sbom endpoint reads the same place). */
  public static final String SBOM_RESOURCE = "META-INF/sbom/application.cdx.json";

  /** Said of a fact the build did not record. */
  public static final String UNKNOWN = "unknown";

  /** The build of the classes on this class path. */
  public static BuildProvenance ofClasspath() {
    return of(BuildProvenance.class.getClassLoader());
  }

  static BuildProvenance of(ClassLoader loader) {
    Properties git = new Properties();
    try (InputStream in = loader.getResourceAsStream(GIT_PROPERTIES)) {
      if (in != null) {
        git.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + GIT_PROPERTIES, e);
    }
    byte[] sbom;
    try (InputStream in = loader.getResourceAsStream(SBOM_RESOURCE)) {
      sbom = in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SBOM_RESOURCE, e);
    }
    int components = 0;
    String format = UNKNOWN;
    if (sbom != null) {
      try {
        JsonNode bom = new ObjectMapper().readTree(sbom);
        components = bom.path("components").size();
        format = bom.path("bomFormat").asText() + " " + bom.path("specVersion").asText();
      } catch (IOException e) {
        throw new IllegalStateException(SBOM_RESOURCE + " is not JSON: " + e.getMessage(), e);
      }
    }
    return new BuildProvenance(
        git.getProperty("git.commit.id", UNKNOWN),
        git.getProperty("git.commit.time", UNKNOWN),
        Boolean.parseBoolean(git.getProperty("git.dirty", "false")),
        sbom == null ? UNKNOWN : Sha256.hex(sbom),
        components,
        format);
  }

  /** The commit, or null when unknown (what a pin records). */
  public String commitOrNull() {
    return UNKNOWN.equals(commit) ? null : commit;
  }

  /** The SBOM digest, or null when unknown (what a pin records). */
  public String sbomSha256OrNull() {
    return UNKNOWN.equals(sbomSha256) ? null : sbomSha256;
  }
}
