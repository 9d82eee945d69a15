package dev.charter.worker;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the Temporal service is and what this process does with it, under {@code charter.temporal}
 * (environment {@code CHARTER_TEMPORAL_ADDRESS}, ..., or {@code charter worker --temporal-address
 * ... --namespace ...}).
 *
 * @param address host:port of the Temporal frontend; with {@code embedded} the address the test
 *     server binds
 * @param namespace the namespace tasks run in
 * @param taskQueue the task queue the worker polls and tasks are started on
 * @param embedded start Temporal's test server in this process on {@code address} (dev mode: state
 *     in memory, lost when the process ends)
 * @param workerEnabled poll the task queue in this process (false for an API-only process)
 */
@Validated
@ConfigurationProperties("charter.temporal")
public record TemporalProperties(
    @DefaultValue("127.0.0.1:7233")
        @Pattern(
            regexp = HOST_PORT,
            message = "must be host:port with a port in 1..65535, got `${validatedValue}`")
        String address,
    @DefaultValue("default") @NotBlank(message = "must name a namespace, got `${validatedValue}`")
        String namespace,
    @DefaultValue("charter-agent-tasks")
        @NotBlank(message = "must name a task queue, got `${validatedValue}`")
        String taskQueue,
    @DefaultValue("false") boolean embedded,
    @DefaultValue("true") boolean workerEnabled) {

  /** A host (name, IPv4, or bracketed IPv6) and a port 1..65535. */
  static final String HOST_PORT =
      "^(\\[[0-9A-Fa-f:.]+\\]|[^:\\s\\[\\]]+):"
          + "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";

  /** The host part of {@link #address()}. */
  String host() {
    String host = address.substring(0, address.lastIndexOf(':'));
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** The port part of {@link #address()}. */
  int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
