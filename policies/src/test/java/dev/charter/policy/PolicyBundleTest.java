package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBundleTest {

  @TempDir Path temp;

  private static Path demoDir() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(
                PolicyBundleTest.class.getClassLoader().getResource("policies/support-desk"))
            .toURI());
  }

  /** Copies the demo bundle to a fresh directory, applying {@code edits} (file -> new content). */
  private Path demoCopy(String name, Map<String, String> edits) throws Exception {
    Path dir = Files.createDirectories(temp.resolve(name));
    try (Stream<Path> files = Files.list(demoDir())) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName().toString()));
      }
    }
    for (Map.Entry<String, String> edit : edits.entrySet()) {
      Files.writeString(dir.resolve(edit.getKey()), edit.getValue());
    }
    return dir;
  }

  private static String demoFile(String name) throws IOException, URISyntaxException {
    return Files.readString(demoDir().resolve(name));
  }

  @Test
  void should_load_the_demo_bundle_with_ids_comments_and_approval_roles() throws Exception {
    PolicyBundle bundle = PolicyBundle.loadClasspath("policies/support-desk");

    assertThat(bundle.name()).isEqualTo("support-desk");
    assertThat(bundle.description()).isNotBlank();
    assertThat(bundle.id()).matches("[0-9a-f]{64}");
    assertThat(bundle.policies()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(bundle.policies()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
    PolicyInfo hardLimit =
        bundle.policies().stream()
            .filter(p -> p.id().equals("refund-hard-limit"))
            .findFirst()
            .orElseThrow();
    assertThat(hardLimit.effect()).isEqualTo(PolicyInfo.Effect.FORBID);
    assertThat(hardLimit.file()).isEqualTo("orders.cedar");
    assertThat(hardLimit.line()).isEqualTo(11);
    assertThat(hardLimit.description()).isEqualTo("No refund above 500.00, whoever approves it.");
    assertThat(hardLimit.approvalRole()).isNull();
    assertThat(bundle.approvalRoles()).containsExactlyInAnyOrder("support_lead", "privacy_officer");
    assertThat(bundle.actions())
        .contains("issue_refund", "invoke_model", "approve", "manage_policy")
        .doesNotContain("tool");
    assertThat(bundle.toolInputs())
        .containsOnlyKeys(
            "lookup_order",
            "issue_refund",
            "send_customer_email",
            "export_customer_data",
            "escalate_to_human",
            // the compensation of issue_refund is a Cedar action like the tools
            "reverse_refund");
    assertThat(bundle.toolInputs().get("issue_refund"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("orderId", "String", "amountCents", "Long"));
    assertThat(bundle.toolInputs().get("send_customer_email"))
        .containsOnlyKeys("customerId", "template", "orderId");
    // what a call may leave out, as the tool contracts have it
    assertThat(bundle.optionalToolInputs().get("send_customer_email")).containsExactly("orderId");
    assertThat(bundle.optionalToolInputs().get("escalate_to_human")).containsExactly("queue");
    assertThat(bundle.optionalToolInputs().get("issue_refund")).isEmpty();
  }

  @Test
  void should_give_the_same_id_when_the_same_content_is_loaded_from_elsewhere() throws Exception {
    PolicyBundle fromClasspath = PolicyBundle.loadClasspath("policies/support-desk");
    Path copy = demoCopy("copy", Map.of());
    Files.writeString(copy.resolve("README.md"), "not part of the bundle");
    // Windows checkouts turn LF into CRLF; the id must not change.
    Files.writeString(copy.resolve("orders.cedar"), demoFile("orders.cedar").replace("\n", "\r\n"));

    assertThat(PolicyBundle.load(copy).id()).isEqualTo(fromClasspath.id());
  }

  @Test
  void should_load_the_same_bundle_when_it_sits_inside_a_jar() throws Exception {
    Path jar = temp.resolve("bundle.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(demoDir())) {
      for (Path file : files.sorted().toList()) {
        out.putNextEntry(new JarEntry("policies/support-desk/" + file.getFileName()));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      PolicyBundle fromJar = PolicyBundle.loadClasspath("policies/support-desk", loader);

      assertThat(fromJar.id()).isEqualTo(PolicyBundle.loadClasspath("policies/support-desk").id());
      assertThat(fromJar.policies()).hasSameSizeAs(PolicyBundle.load(demoDir()).policies());
    }
  }

  @Test
  void should_reject_naming_the_folder_when_no_bundle_is_on_the_classpath() {
    assertThatThrownBy(() -> PolicyBundle.loadClasspath("policies/nowhere"))
        .isInstanceOf(BundleException.class)
        .hasMessage(
            "policy bundle rejected: no bundle.json under classpath folder `policies/nowhere`");
  }

  @Test
  void should_give_a_different_id_when_one_byte_changes() throws Exception {
    PolicyBundle original = PolicyBundle.load(demoCopy("original", Map.of()));
    Path changed =
        demoCopy(
            "changed",
            Map.of("orders.cedar", demoFile("orders.cedar").replace("<= 50000", "<= 50001")));

    assertThat(PolicyBundle.load(changed).id()).isNotEqualTo(original.id());
  }

  @Test
  void should_reject_with_file_line_and_validator_words_when_an_attribute_is_misspelled()
      throws Exception {
    Path dir =
        demoCopy(
            "bad-attribute",
            Map.of(
                "orders.cedar",
                demoFile("orders.cedar")
                    .replaceFirst(
                        "context.input.amountCents > 50000", "context.input.amountCent > 50000")));

    assertThatThrownBy(() -> PolicyBundle.load(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageStartingWith("policy bundle rejected: orders.cedar:13: ")
        .hasMessageContaining("attribute `input.amountCent`")
        .hasMessageContaining("not found");
  }

  @Test
  void should_reject_naming_file_and_line_when_a_policy_has_no_id() throws Exception {
    Path dir =
        demoCopy(
            "no-id",
            Map.of(
                "escalation.cedar",
                demoFile("escalation.cedar")
                    + "\n// Unnamed.\npermit (principal, action, resource);\n"));

    assertThatThrownBy(() -> PolicyBundle.load(dir))
        .isInstanceOf(BundleException.class)
        .hasMessage(
            "policy bundle rejected: escalation.cedar:6: policy has no @id(\"...\") annotation");
  }

  @Test
  void should_reject_naming_both_places_when_an_id_is_used_twice() throws Exception {
    Path dir =
        demoCopy(
            "duplicate",
            Map.of(
                "zz-extra.cedar",
                "// Again.\n@id(\"lookup-order\")\n"
                    + "permit (principal is Charter::Agent, action =="
                    + " Charter::Action::\"lookup_order\", resource);\n"));

    assertThatThrownBy(() -> PolicyBundle.load(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("zz-extra.cedar:2: duplicate @id `lookup-order`")
        .hasMessageContaining("first used at orders.cedar:2");
  }

  @Test
  void should_reject_naming_file_and_line_when_a_policy_does_not_parse() throws Exception {
    Path dir =
        demoCopy(
            "syntax",
            Map.of(
                "email.cedar",
                demoFile("email.cedar").replace("resource is Shop::Customer);", "resource is );")));

    assertThatThrownBy(() -> PolicyBundle.load(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageStartingWith("policy bundle rejected: email.cedar:2: ")
        .hasMessageContaining("unexpected token");
  }

  @Test
  void should_reject_naming_the_schema_line_when_the_schema_names_an_unknown_type()
      throws Exception {
    Path dir =
        demoCopy(
            "schema",
            Map.of(
                PolicyBundle.SCHEMA_FILE,
                demoFile(PolicyBundle.SCHEMA_FILE)
                    .replace("tenant: String };", "tenant: Strng };")));

    assertThatThrownBy(() -> PolicyBundle.load(dir))
        .isInstanceOf(BundleException.class)
        .hasMessageStartingWith("policy bundle rejected: charter.cedarschema:")
        .hasMessageContaining("Strng");
  }

  @Test
  void should_reject_when_the_manifest_is_missing() {
    Map<String, String> files = new TreeMap<>(Map.of("a.cedar", ""));

    assertThatThrownBy(() -> PolicyBundle.fromFiles(files))
        .isInstanceOf(BundleException.class)
        .hasMessage("policy bundle rejected: missing bundle.json");
  }
}
