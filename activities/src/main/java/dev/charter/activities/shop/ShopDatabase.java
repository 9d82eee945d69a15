package dev.charter.activities.shop;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The support desk's system of record: schema and demo seed, applied by Flyway from {@code
 * classpath:db/shop} with its own history table so it can share a database with the audit ledger.
 * The SQL is portable: it runs on the embedded H2 default and on PostgreSQL.
 */
public final class ShopDatabase {

  /** The demo shop's tenant; the seed also holds one foreign tenant, {@code other-shop}. */
  public static final String DEMO_TENANT = "acme-shop";

  static final String MIGRATIONS = "classpath:db/shop";
  static final String HISTORY_TABLE = "flyway_shop_history";

  private ShopDatabase() {}

  /**
   * Brings the schema of {@code dataSource}'s current schema up to date; a no-op when it already
   * is.
   *
   * @param dataSource where the support desk lives
   */
  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .table(HISTORY_TABLE)
        // the ledger's migrations may already live in the same schema under their own history
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
