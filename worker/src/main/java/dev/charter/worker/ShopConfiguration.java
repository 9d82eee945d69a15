package dev.charter.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.shop.ShopDatabase;
import dev.charter.activities.shop.ShopResources;
import dev.charter.activities.shop.ShopSubjects;
import dev.charter.activities.shop.ShopToolActivities;
import dev.charter.activities.tools.ToolPermits;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo shop ({@code charter.shop.*}): its database (migrated at start), the tools that act on
 * it, the resources Cedar reads from it as the system of record, and the customers whose values are
 * redacted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShopProperties.class)
public class ShopConfiguration {

  @Bean(destroyMethod = "close")
  HikariDataSource shopDataSource(ShopProperties shop) {
    HikariDataSource dataSource = shop.pool("shop");
    ShopDatabase.migrate(dataSource);
    return dataSource;
  }

  @Bean
  ShopResources shopResources(HikariDataSource shopDataSource) {
    return new ShopResources(shopDataSource, ShopDatabase.DEMO_TENANT);
  }

  /** The customers perception and chat backends redact, read from the shop as system of record. */
  @Bean
  ShopSubjects shopSubjects(HikariDataSource shopDataSource) {
    return new ShopSubjects(shopDataSource);
  }

  @Bean
  ShopToolActivities shopToolActivities(HikariDataSource shopDataSource, ToolPermits permits) {
    return new ShopToolActivities(shopDataSource, permits);
  }
}
