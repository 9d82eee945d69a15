package dev.charter.starter;

import dev.charter.worker.CharterWorkerConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The Charter process: worker, REST API and, in dev mode, the embedded Temporal server. */
@SpringBootApplication
@Import(CharterWorkerConfiguration.class)
public class CharterApplication {}
