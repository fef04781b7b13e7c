-- Alertmanager's deliveries can arrive out of order (an HA peer behind the other, a retried
-- delivery). An alert's episode is known by its startsAt: the newest episode an alert incident
-- has seen firing, in milliseconds since the epoch (NULL when its alerts carried no start), so
-- the resolution of an older episode, arriving late, does not close it.
ALTER TABLE incident_alerts ADD COLUMN starts_at BIGINT;
