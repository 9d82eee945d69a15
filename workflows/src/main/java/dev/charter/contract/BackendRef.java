package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A model backend as Cedar sees it.
 *
 * @param name the backend name in the route table
 * @param hosting {@code in_process}, {@code self_hosted} or {@code closed_api}
 * @param vendor the vendor
 * @param region where it runs, e.g. {@code eu}
 * @param retainsData whether the backend keeps what it is sent
 */
public record BackendRef(
    @JsonProperty("name") String name,
    @JsonProperty("hosting") String hosting,
    @JsonProperty("vendor") String vendor,
    @JsonProperty("region") String region,
    @JsonProperty("retainsData") boolean retainsData) {}
