package dev.charter.starter.tasks;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task list of the API: the ledger-projected task index. */
@Configuration(proxyBeanMethods = false)
public class TaskIndexConfiguration {

  @Bean
  @ConditionalOnMissingBean
  TaskDirectory taskDirectory(HikariDataSource ledgerDataSource) {
    return new LedgerTaskIndex(ledgerDataSource);
  }
}
