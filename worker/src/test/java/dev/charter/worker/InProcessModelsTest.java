package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.model.IntentModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InProcessModelsTest {

  static IntentModel v1;
  static InProcessModels models;

  @BeforeAll
  static void load() {
    v1 = IntentModel.loadDefault();
    models = new InProcessModels(v1);
  }

  @AfterAll
  static void close() {
    models.close();
    v1.close();
  }

  @Test
  void should_serve_the_default_model_when_a_backend_names_no_version_or_its_version() {
    assertThat(models.forVersion(null)).isSameAs(v1);
    assertThat(models.forVersion(v1.card().version())).isSameAs(v1);
  }

  @Test
  void should_load_v2_once_when_a_backend_names_it() {
    IntentModel v2 = models.forVersion("v2");
    assertThat(v2.card().version()).isEqualTo("v2");
    assertThat(v2.card().weightsSha256()).isNotEqualTo(v1.card().weightsSha256());
    assertThat(models.forVersion("v2")).isSameAs(v2);
  }

  @Test
  void should_name_an_unknown_version() {
    assertThatThrownBy(() -> models.forVersion("v9")).hasMessageContaining("`v9`");
  }
}
