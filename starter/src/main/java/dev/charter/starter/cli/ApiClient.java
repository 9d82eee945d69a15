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
 * The CLI's one HTTP client for {@code --api}: requests to a running Charter's REST API, as the
 * human named by {@code --user} where the command has one (sent as {@code X-Charter-User}; Cedar
 * decides what they may do). One JDK {@link HttpClient} serves every command.
 */
final class ApiClient {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String api;
  private final String user;

  /**
   * @param api the API's base URL, e.g. {@code http://127.0.0.1:8080}
   * @param user the caller's human id, or null for routes that need none
   * @throws IllegalArgumentException quoting {@code api} when it is not an http(s) URL
   */
  ApiClient(String api, String user) {
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
    this.api = api.replaceAll("/+$", "");
    this.user = user;
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
    if (user != null) {
      request.header("X-Charter-User", user);
    }
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
