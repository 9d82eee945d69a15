-- Support-desk system of record for the shop demo. Portable SQL: runs on H2 2.x and PostgreSQL.
-- Ids are text: orders and customers keep the ids humans quote in tickets, and rows written by tools
-- take ids derived from the call's idempotency key so a retried call names the same row.

CREATE TABLE customer (
  id                VARCHAR(64)  PRIMARY KEY,
  tenant            VARCHAR(64)  NOT NULL,
  name              VARCHAR(200) NOT NULL,
  email             VARCHAR(320) NOT NULL,
  email_deliverable BOOLEAN      NOT NULL,
  country           VARCHAR(2)   NOT NULL
);

CREATE TABLE orders (
  id             VARCHAR(64)  PRIMARY KEY,
  tenant         VARCHAR(64)  NOT NULL,
  customer_id    VARCHAR(64)  NOT NULL REFERENCES customer (id),
  item           VARCHAR(200) NOT NULL,
  total_cents    BIGINT       NOT NULL CHECK (total_cents >= 0),
  status         VARCHAR(32)  NOT NULL,
  refunded_cents BIGINT       NOT NULL DEFAULT 0,
  -- the last line of defence behind issue_refund's own check
  CONSTRAINT orders_refund_within_total CHECK (refunded_cents >= 0 AND refunded_cents <= total_cents)
);

CREATE TABLE refund (
  id              VARCHAR(64)  PRIMARY KEY,
  idempotency_key VARCHAR(300) NOT NULL UNIQUE,
  order_id        VARCHAR(64)  NOT NULL REFERENCES orders (id),
  amount_cents    BIGINT       NOT NULL CHECK (amount_cents > 0),
  status          VARCHAR(16)  NOT NULL CHECK (status IN ('applied', 'reversed')),
  created_at      TIMESTAMP    NOT NULL,
  reversed_at     TIMESTAMP
);

-- The outbox of customer emails: a relay delivers queued rows; nothing here speaks SMTP.
CREATE TABLE outbound_email (
  id              VARCHAR(64)  PRIMARY KEY,
  idempotency_key VARCHAR(300) NOT NULL UNIQUE,
  customer_id     VARCHAR(64)  NOT NULL REFERENCES customer (id),
  template        VARCHAR(64)  NOT NULL,
  order_id        VARCHAR(64)  REFERENCES orders (id),
  -- whether the body carries the customer's own data (e.g. an export link): policy input, kept for audit
  includes_customer_data BOOLEAN NOT NULL,
  status          VARCHAR(16)  NOT NULL
);

CREATE TABLE data_export (
  id              VARCHAR(64)  PRIMARY KEY,
  idempotency_key VARCHAR(300) NOT NULL UNIQUE,
  customer_id     VARCHAR(64)  NOT NULL REFERENCES customer (id),
  destination     VARCHAR(500) NOT NULL,
  status          VARCHAR(16)  NOT NULL
);

CREATE TABLE escalation (
  id              VARCHAR(64)   PRIMARY KEY,
  idempotency_key VARCHAR(300)  NOT NULL UNIQUE,
  queue           VARCHAR(64)   NOT NULL,
  reason          VARCHAR(2000) NOT NULL
);

-- One row per executed tool call, written in the same transaction as the call's side effect:
-- its primary key is what makes a call run exactly once, even when two workers race.
CREATE TABLE tool_execution (
  idempotency_key  VARCHAR(300)  PRIMARY KEY,
  tool             VARCHAR(64)   NOT NULL,
  arguments_sha256 CHAR(64)      NOT NULL,
  result_json      VARCHAR(8000),
  executed_at      TIMESTAMP     NOT NULL
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX refund_order_idx ON refund (order_id);
