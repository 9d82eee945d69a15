package dev.charter.starter.api;

import dev.charter.starter.security.CedarAction;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API's OpenAPI document, generated from the controllers by springdoc and served at {@code
 * /v3/api-docs} with a UI at {@code /swagger-ui.html}. The caller's identity is one security
 * scheme: a bearer token.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  /** The name of the caller-identity security scheme in the document. */
  public static final String CALLER = "caller";

  /** Each operation names the Cedar action that authorizes it ({@code x-cedar-action}). */
  @Bean
  OperationCustomizer cedarActions() {
    return (operation, handler) -> {
      CedarAction action = handler.getMethodAnnotation(CedarAction.class);
      if (action != null) {
        operation.addExtension("x-cedar-action", action.value());
      }
      return operation;
    };
  }

  /**
   * A task's progress travels in {@code TaskRequest.continued} only from one run of the task to its
   * next (continue-as-new); callers may not send it (400), so the document does not offer it.
   */
  @Bean
  OpenApiCustomizer noContinuationFromCallers() {
    return openApi -> {
      Map<String, Schema> schemas = openApi.getComponents().getSchemas();
      Schema<?> request = schemas == null ? null : schemas.get("TaskRequest");
      if (request != null && request.getProperties() != null) {
        request.getProperties().remove("continued");
        List.of("TaskContinuation", "TaskProgress", "ToolResult", "Compensation")
            .forEach(schemas::remove);
      }
    };
  }

  @Bean
  OpenAPI charterOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Charter REST API")
                .version("0.1.0")
                .description(
                    "Start, inspect, list, approve, reject and cancel governed agent tasks; read"
                        + " and verify their audit trail; manage policy bundles and model routes."
                        + " Errors are RFC 9457 problem details (application/problem+json) whose"
                        + " `errors` name each bad field.")
                .license(new License().name("Apache-2.0")))
        .servers(List.of(new Server().url("http://127.0.0.1:8080").description("charter dev")))
        .schemaRequirement(
            CALLER,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description(
                    "An API token (`ct_...`; `charter dev` prints one per demo human) or a JWT of"
                        + " the configured OIDC issuer (`charter.security.jwt`). Cedar authorizes"
                        + " every route with its own action; 401 and 403 are recorded in the"
                        + " ledger's `_access` chain."))
        .addSecurityItem(new SecurityRequirement().addList(CALLER));
  }
}
