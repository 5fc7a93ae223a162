CREATE TABLE audit_log (line VARCHAR(100), n INTEGER);
INSERT INTO audit_log VALUES ('v3', 3);
