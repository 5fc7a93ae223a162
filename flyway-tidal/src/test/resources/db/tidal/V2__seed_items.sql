/* seed rows; the second uses the category default */
INSERT INTO items (id, title, category, price) VALUES ('i1', 'First; with a semicolon', 'news', 1.5);
INSERT INTO items (id, title, price) VALUES ('i2', '${app} second', 2.25);
CREATE SIGNAL TYPE view ON items HALF_LIFE (INTERVAL '1' HOUR) WINDOW (INTERVAL '1' DAY);
