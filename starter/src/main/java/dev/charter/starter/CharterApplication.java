package dev.charter.starter;

import dev.charter.worker.CharterWorkerConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The Charter process: worker, REST API and, in dev mode, the embedded Temporal server. */
// No user store: callers are authenticated by bearer tokens (security/SecurityConfiguration).
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@Import(CharterWorkerConfiguration.class)
public class CharterApplication {}
