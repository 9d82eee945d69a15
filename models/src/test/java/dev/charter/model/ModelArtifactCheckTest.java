package dev.charter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelArtifactCheckTest {

  @ParameterizedTest
  @EnumSource(ModelVersion.class)
  void should_verify_weights_ood_bank_and_encoder_of_every_shipped_version_without_loading_it(
      ModelVersion version) {
    ModelArtifactCheck check = ModelArtifactCheck.ofShipped(version);

    assertThat(check.verified()).isTrue();
    assertThat(check.version()).isEqualTo(version.label());
    boolean calibrated = check.artifacts().stream().anyMatch(a -> a.artifact().contains("ood"));
    assertThat(calibrated).isEqualTo(version.compareTo(ModelVersion.V3) >= 0);
    assertThat(check.artifacts())
        .hasSize(calibrated ? 3 : 2)
        .allSatisfy(a -> assertThat(a.actual()).matches("[0-9a-f]{64}").isEqualTo(a.recorded()));
  }

  @Test
  void should_refuse_an_encoder_other_than_the_one_the_card_names_naming_both_hashes()
      throws Exception {
    ModelManifest manifest;
    byte[] weights;
    ClassLoader loader = getClass().getClassLoader();
    try (InputStream json =
        loader.getResourceAsStream(IntentModel.DEFAULT_RESOURCE + "model.json")) {
      manifest = ModelManifest.parse(json.readAllBytes());
    }
    try (InputStream in =
        loader.getResourceAsStream(IntentModel.DEFAULT_RESOURCE + manifest.weightsFile())) {
      weights = in.readAllBytes();
    }
    String otherEncoder = Sha256.hex("another encoder".getBytes());

    ModelArtifactCheck check =
        ModelArtifactCheck.of(IntentModel.DEFAULT_RESOURCE, manifest, weights, null, otherEncoder);

    assertThat(check.verified()).isFalse();
    assertThatThrownBy(check::requireVerified)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("encoder all-MiniLM-L6-v2")
        .hasMessageContaining(otherEncoder)
        .hasMessageContaining(manifest.encoderSha256());
  }
}
