-- Demo data for tenant acme-shop (and one foreign tenant to prove isolation).
-- Names and emails are fake but are treated as PII: tools never return them.

INSERT INTO customer (id, tenant, name, email, email_deliverable, country) VALUES
  ('c-100', 'acme-shop', 'Ana Lima', 'ana@example.com', TRUE, 'PT'),
  ('c-101', 'acme-shop', 'Ben Okafor', 'ben.okafor@example.com', TRUE, 'DE'),
  ('c-102', 'acme-shop', 'Chloe Martin', 'chloe.martin@example.org', TRUE, 'FR'),
  ('c-103', 'acme-shop', 'Dev Patel', 'dev.patel@example.net', TRUE, 'US'),
  -- c-104's mailbox bounced: email to them is refused as EmailUndeliverable
  ('c-104', 'acme-shop', 'Eva Novak', 'eva.novak@bounced.example.com', FALSE, 'CZ'),
  ('c-900', 'other-shop', 'Finn Berg', 'finn.berg@example.com', TRUE, 'SE');

INSERT INTO orders (id, tenant, customer_id, item, total_cents, status, refunded_cents) VALUES
  ('1001', 'acme-shop', 'c-100', 'Trail running shoes', 12900, 'shipped', 0),
  ('1002', 'acme-shop', 'c-101', 'Merino beanie', 4900, 'delivered', 0),
  ('1003', 'acme-shop', 'c-102', 'Rain jacket', 25000, 'delivered', 0),
  ('1004', 'acme-shop', 'c-103', 'Road bike', 90000, 'delivered', 0),
  ('1005', 'acme-shop', 'c-104', 'Water bottle', 3000, 'delivered', 0),
  ('1006', 'other-shop', 'c-900', 'Camping stove', 7500, 'delivered', 0);
