-- ${app} schema, version 1
CREATE TABLE items (
    id VARCHAR PRIMARY KEY,          -- entity id
    title VARCHAR(200) NOT NULL,
    category VARCHAR(20) DEFAULT '${default_category}',
    price NUMERIC(10, 2)
);
CREATE INDEX items_by_category ON items (category);
