-- Facts that policies read come from here, not from the caller or the model (DESIGN.md section 10).

-- Every write to an order bumps its row version, so a verdict can name the exact row it decided on.
ALTER TABLE orders ADD COLUMN currency VARCHAR(3) DEFAULT 'USD' NOT NULL;
ALTER TABLE orders ADD COLUMN row_version BIGINT DEFAULT 1 NOT NULL;
ALTER TABLE customer ADD COLUMN row_version BIGINT DEFAULT 1 NOT NULL;

-- Destinations a human verified for a customer's data exports; an export goes nowhere else.
CREATE TABLE export_destination (
  customer_id VARCHAR(64)  NOT NULL REFERENCES customer (id),
  destination VARCHAR(500) NOT NULL,
  verified_by VARCHAR(120) NOT NULL,
  verified_at TIMESTAMP    NOT NULL,
  PRIMARY KEY (customer_id, destination)
);

-- The email template catalogue: whether a template carries the customer's own data is a property
-- of the template, declared here once, never a flag the caller sets per email.
CREATE TABLE email_template (
  name                   VARCHAR(64)  PRIMARY KEY,
  includes_customer_data BOOLEAN      NOT NULL,
  description            VARCHAR(200) NOT NULL,
  row_version            BIGINT       DEFAULT 1 NOT NULL
);

CREATE INDEX refund_created_idx ON refund (created_at);

INSERT INTO email_template (name, includes_customer_data, description) VALUES
  ('order_status', FALSE, 'where an order is; order id and status only'),
  ('general_reply', FALSE, 'a reply with no account details'),
  ('refund_confirmation', TRUE, 'refund confirmation with order lines and amounts'),
  ('receipt', TRUE, 'a copy of the receipt with order lines and the billing address'),
  ('export_ready', TRUE, 'a link to the customer''s data export');

INSERT INTO export_destination (customer_id, destination, verified_by, verified_at) VALUES
  ('c-100', 'sftp://exports.acme-shop.example/c-100', 'priya.privacy', TIMESTAMP '2026-10-01 09:00:00'),
  ('c-101', 'sftp://exports.acme-shop.example/c-101', 'priya.privacy', TIMESTAMP '2026-10-01 09:05:00'),
  ('c-900', 'sftp://exports.other-shop.example/c-900', 'olaf.privacy', TIMESTAMP '2026-10-02 10:00:00');
