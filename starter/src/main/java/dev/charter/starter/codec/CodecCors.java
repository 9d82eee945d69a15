package dev.charter.starter.codec;

import dev.charter.worker.codec.CodecProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets the Temporal Web UI, served from another origin, call the codec endpoint from the browser:
 * only the configured {@code charter.codec.ui-origin}, only {@code /codec/**}, with the headers the
 * UI sends. No origin configured, no cross-origin access.
 */
@Configuration(proxyBeanMethods = false)
public class CodecCors implements WebMvcConfigurer {

  private final CodecProperties codec;

  public CodecCors(CodecProperties codec) {
    this.codec = codec;
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    if (codec.uiOrigin() == null || codec.uiOrigin().isBlank()) {
      return;
    }
    registry
        .addMapping("/codec/**")
        .allowedOrigins(codec.uiOrigin())
        .allowedMethods("POST")
        .allowedHeaders("Content-Type", "Authorization", CodecController.NAMESPACE_HEADER)
        .allowCredentials(true);
  }
}
