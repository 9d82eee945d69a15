package dev.charter.workflow;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenHistoriesTest {

  @TempDir Path dir;

  @Test
  void should_refuse_to_overwrite_a_frozen_golden_unless_asked_to() throws Exception {
    Path frozen = Files.writeString(dir.resolve("mock-approval.json"), "{}");

    assertThatThrownBy(() -> GoldenHistories.refuseOverwrite(frozen, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mock-approval.json exists and is frozen")
        .hasMessageContaining("-Dcharter.golden.overwrite=true");
    assertThatCode(() -> GoldenHistories.refuseOverwrite(frozen, true)).doesNotThrowAnyException();
    assertThatCode(() -> GoldenHistories.refuseOverwrite(dir.resolve("new.json"), false))
        .doesNotThrowAnyException();
  }
}
