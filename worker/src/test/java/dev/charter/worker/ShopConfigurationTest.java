package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.shop.ShopResources;
import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.ToolCall;
import dev.charter.policy.EntityRef;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The shop concern: a migrated H2 shop read as Cedar's system of record, and its URL check. */
class ShopConfigurationTest {

  @TempDir Path data;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(ShopConfiguration.class)
        // the tools check permits with the worker's key, which the ledger configuration holds
        .withBean(ToolPermits.class, () -> ToolPermits.of(LedgerSigningKey.generate()))
        .withPropertyValues("charter.shop.url=jdbc:h2:file:" + data.resolve("shop"));
  }

  @Test
  void should_migrate_the_shop_and_read_an_orders_facts_from_it() {
    runner()
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ShopResources.class)
                            .load(
                                new ToolCall(
                                    "lookup_order",
                                    "Shop::Order::\"1003\"",
                                    Map.of("orderId", "1003")),
                                new EntityRef("Shop::Order", "1003"))
                            .resource()
                            .attributes())
                    .containsEntry("tenant", "acme-shop")
                    .containsEntry("totalCents", 25000L));
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
