-- +goose Up
-- The data version: one counter that every change to business data raises in its own
-- transaction, so the store's read cache (internal/sqlstore/readcache.go) keeps an answer only
-- while nothing it read has changed, whoever changed it. Tables written per request, per GPS
-- fix or by the workers (sessions, tokens' last use, positions, the judge's cursors, outboxes,
-- audit) raise nothing: the cached reads do not read them.
--
-- The triggers are deferred to the commit and raise the counter once per transaction: the
-- counter's row lock is then taken last and held only through the commit, so two
-- transactions cannot deadlock on it, and concurrent writers queue only for their commits.
CREATE TABLE data_version (n bigint NOT NULL);
INSERT INTO data_version (n) VALUES (0);

-- +goose StatementBegin
CREATE FUNCTION raise_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tms.data_version_raised', true) IS DISTINCT FROM 'on' THEN
        UPDATE data_version SET n = n + 1;
        PERFORM set_config('tms.data_version_raised', 'on', true);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER accessorials_data_version AFTER INSERT OR UPDATE OR DELETE ON accessorials DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER charge_reviews_data_version AFTER INSERT OR UPDATE OR DELETE ON charge_reviews DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER customers_data_version AFTER INSERT OR UPDATE OR DELETE ON customers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER devices_data_version AFTER INSERT OR UPDATE OR DELETE ON devices DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER diesel_prices_data_version AFTER INSERT OR UPDATE OR DELETE ON diesel_prices DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER documents_data_version AFTER INSERT OR UPDATE OR DELETE ON documents DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER drivers_data_version AFTER INSERT OR UPDATE OR DELETE ON drivers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER edi_files_data_version AFTER INSERT OR UPDATE OR DELETE ON edi_files DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER edi_partners_data_version AFTER INSERT OR UPDATE OR DELETE ON edi_partners DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER edi_tenders_data_version AFTER INSERT OR UPDATE OR DELETE ON edi_tenders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER facilities_data_version AFTER INSERT OR UPDATE OR DELETE ON facilities DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER fuel_schedules_data_version AFTER INSERT OR UPDATE OR DELETE ON fuel_schedules DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER invoice_loads_data_version AFTER INSERT OR UPDATE OR DELETE ON invoice_loads DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER invoices_data_version AFTER INSERT OR UPDATE OR DELETE ON invoices DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER load_events_data_version AFTER INSERT OR UPDATE OR DELETE ON load_events DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER loads_data_version AFTER INSERT OR UPDATE OR DELETE ON loads DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER payments_data_version AFTER INSERT OR UPDATE OR DELETE ON payments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER rate_defaults_data_version AFTER INSERT OR UPDATE OR DELETE ON rate_defaults DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER settings_data_version AFTER INSERT OR UPDATE OR DELETE ON settings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER settlement_loads_data_version AFTER INSERT OR UPDATE OR DELETE ON settlement_loads DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER settlements_data_version AFTER INSERT OR UPDATE OR DELETE ON settlements DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER stops_data_version AFTER INSERT OR UPDATE OR DELETE ON stops DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER trailers_data_version AFTER INSERT OR UPDATE OR DELETE ON trailers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER trucks_data_version AFTER INSERT OR UPDATE OR DELETE ON trucks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER users_data_version AFTER INSERT OR UPDATE OR DELETE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();
CREATE CONSTRAINT TRIGGER webhook_subscriptions_data_version AFTER INSERT OR UPDATE OR DELETE ON webhook_subscriptions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_data_version();

-- +goose Down
DROP TRIGGER accessorials_data_version ON accessorials;
DROP TRIGGER charge_reviews_data_version ON charge_reviews;
DROP TRIGGER customers_data_version ON customers;
DROP TRIGGER devices_data_version ON devices;
DROP TRIGGER diesel_prices_data_version ON diesel_prices;
DROP TRIGGER documents_data_version ON documents;
DROP TRIGGER drivers_data_version ON drivers;
DROP TRIGGER edi_files_data_version ON edi_files;
DROP TRIGGER edi_partners_data_version ON edi_partners;
DROP TRIGGER edi_tenders_data_version ON edi_tenders;
DROP TRIGGER facilities_data_version ON facilities;
DROP TRIGGER fuel_schedules_data_version ON fuel_schedules;
DROP TRIGGER invoice_loads_data_version ON invoice_loads;
DROP TRIGGER invoices_data_version ON invoices;
DROP TRIGGER load_events_data_version ON load_events;
DROP TRIGGER loads_data_version ON loads;
DROP TRIGGER payments_data_version ON payments;
DROP TRIGGER rate_defaults_data_version ON rate_defaults;
DROP TRIGGER settings_data_version ON settings;
DROP TRIGGER settlement_loads_data_version ON settlement_loads;
DROP TRIGGER settlements_data_version ON settlements;
DROP TRIGGER stops_data_version ON stops;
DROP TRIGGER trailers_data_version ON trailers;
DROP TRIGGER trucks_data_version ON trucks;
DROP TRIGGER users_data_version ON users;
DROP TRIGGER webhook_subscriptions_data_version ON webhook_subscriptions;
DROP FUNCTION raise_data_version();
DROP TABLE data_version;
