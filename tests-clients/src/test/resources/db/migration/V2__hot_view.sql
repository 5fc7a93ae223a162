INSERT INTO ${prefix}items (id, title, slug) VALUES ('a', 'Alpha', 'alpha'), ('b', 'Beta', 'beta');
CREATE VIEW ${prefix}hot AS
    SELECT id, title, DECAY_SCORE(id, 'view', INTERVAL '1' HOUR, TIMESTAMP '2026-11-01 12:00:00') AS hot
    FROM ${prefix}items;
