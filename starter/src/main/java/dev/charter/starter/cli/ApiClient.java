package dev.charter.starter.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The CLI's one HTTP client for {@code --api}: requests to a running Charter's REST API with the
 * caller's bearer token ({@code --token} or {@code $CHARTER_TOKEN}, sent as {@code Authorization:
 * Bearer}); the API authenticates it and Cedar decides what its principal may do. One JDK {@link
 * HttpClient} serves every command.
 */
final class ApiClient {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String api;
  private final String token;

  /**
   * @param api the API's base URL, e.g. {@code http://127.0.0.1:8080}
   * @param token the caller's bearer token
   * @throws IllegalArgumentException quoting {@code api} when it is not an http(s) URL, or when
   *     there is no token
   */
  ApiClient(String api, String token) {
    URI uri;
    try {
      uri = api == null ? null : URI.create(api);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--api `" + api + "` is not a URL", e);
    }
    if (uri == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
      throw new IllegalArgumentException(
          "--api `" + api + "` is not an http URL such as http://127.0.0.1:8080");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "--token (or CHARTER_TOKEN) is required: an API token (`charter dev` prints one per"
              + " demo human) or a JWT of your identity provider");
    }
    this.api = api.replaceAll("/+$", "");
    this.token = token.trim();
  }

  /** GET {@code path}. */
  HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  /** POST {@code json} to {@code path}. */
  HttpResponse<String> post(String path, String json) {
    return send("POST", path, json);
  }

  /**
   * Sends a request and returns the answer, whatever its status.
   *
   * @throws UncheckedIOException naming the API when it cannot be reached
   */
  HttpResponse<String> send(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    request.header("Authorization", "Bearer " + token);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot reach the Charter API at "
              + api
              + " ("
              + e.getClass().getSimpleName()
              + "); start it with `charter dev` or pass --api",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + api + path, e);
    }
  }

  /** {@code value} as one path segment or query value. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
