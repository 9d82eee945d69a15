-- The customer's postal address and phone: the system of record perception redacts them from (a
-- street or a name has no checksum a pattern could confirm). Fake values, treated as PII.
ALTER TABLE customer ADD COLUMN postal_address VARCHAR(500);
ALTER TABLE customer ADD COLUMN phone VARCHAR(40);

UPDATE customer SET postal_address = 'Rua das Flores 12, 4050-262 Porto', phone = '+351 912 345 678' WHERE id = 'c-100';
UPDATE customer SET postal_address = 'Lindenstrasse 5, 10969 Berlin', phone = '+49 30 901820' WHERE id = 'c-101';
UPDATE customer SET postal_address = '8 rue Lepic, 75018 Paris', phone = '+33 1 42 68 53 00' WHERE id = 'c-102';
UPDATE customer SET postal_address = '742 Evergreen Terrace, Springfield, OR 97403', phone = '+1 541 555 0199' WHERE id = 'c-103';
UPDATE customer SET postal_address = 'Vodickova 36, 110 00 Praha', phone = '+420 601 123 456' WHERE id = 'c-104';
UPDATE customer SET postal_address = 'Drottninggatan 10, 111 51 Stockholm', phone = '+46 8 123 456 78' WHERE id = 'c-900';
