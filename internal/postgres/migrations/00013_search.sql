-- +goose Up
-- The Loads page and the global search match text anywhere in load numbers and references,
-- names, unit numbers and invoice numbers (ILIKE '%text%'): trigram indexes answer those
-- without reading every row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX loads_text_trgm ON loads USING gin (number gin_trgm_ops, ref_bol gin_trgm_ops, ref_po gin_trgm_ops,
    ref_pickup gin_trgm_ops, ref_customer_load gin_trgm_ops);
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
CREATE INDEX drivers_text_trgm ON drivers USING gin (name gin_trgm_ops, phone gin_trgm_ops, email gin_trgm_ops, cdl_number gin_trgm_ops);
CREATE INDEX trucks_text_trgm ON trucks USING gin (unit_number gin_trgm_ops, vin gin_trgm_ops, plate gin_trgm_ops);
CREATE INDEX invoices_number_trgm ON invoices USING gin (number gin_trgm_ops);
-- The delivery date filter and sort of the Loads page.
CREATE INDEX loads_window_end ON loads (window_end);

-- +goose Down
DROP INDEX loads_window_end;
DROP INDEX invoices_number_trgm;
DROP INDEX trucks_text_trgm;
DROP INDEX drivers_text_trgm;
DROP INDEX customers_name_trgm;
DROP INDEX loads_text_trgm;
