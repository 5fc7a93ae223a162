CREATE TABLE broken_log (line VARCHAR(100));
INSERT INTO no_such_table VALUES (1);
