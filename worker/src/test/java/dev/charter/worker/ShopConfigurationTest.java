package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.shop.ShopResources;
import dev.charter.policy.EntityRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The shop concern: a migrated H2 shop read as Cedar's system of record, and its URL check. */
class ShopConfigurationTest {

  @TempDir Path data;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(ShopConfiguration.class)
        .withPropertyValues("charter.shop.url=jdbc:h2:file:" + data.resolve("shop"));
  }

  @Test
  void should_migrate_the_shop_and_read_an_orders_tenant_from_it() {
    runner()
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ShopResources.class)
                            .find(new EntityRef("Shop::Order", "1003"))
                            .orElseThrow()
                            .attributes())
                    .containsEntry("tenant", "acme-shop"));
  }

  @Test
  void should_refuse_a_shop_url_that_is_not_jdbc_quoting_it() {
    runner()
        .withPropertyValues("charter.shop.url=h2:file:/tmp/shop")
        .run(
            context ->
                BindFailure.of(context)
                    .contains("charter.shop")
                    .contains("'url'")
                    .contains("got `h2:file:/tmp/shop`"));
  }
}
