-- Alertmanager computes an alert's fingerprint from its whole label set: one label set is one
-- alert. A resolution remembered before its firing is also found by the digest of its labels
-- (`identity`), so the firing of the same alert sent under another fingerprint (a sender that
-- computes its own, one that sent none) is known to be over too. NULL for resolutions remembered
-- before this column existed.
ALTER TABLE early_alert_resolutions ADD COLUMN identity TEXT;
CREATE INDEX early_alert_resolutions_identity ON early_alert_resolutions (identity);
