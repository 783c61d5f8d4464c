-- The demo database rowwise opens when no server is configured: the course's tables.
-- rowwise runs this inside one transaction when it creates or resets the demo file;
-- tools/sqlite_oracle builds the reference's fresh copy from this same file.

-- Marks the file as rowwise's demo ('rwdm'), so that a reset never empties another file.
PRAGMA application_id = 1920427117;

CREATE TABLE user (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO user (id, name) VALUES (1, 'John Doe'), (2, 'Jane Smith');

-- The ORM slide's table.
CREATE TABLE pet (
  name TEXT PRIMARY KEY,
  species TEXT,
  age INTEGER,
  weight_in_kg REAL,
  favorite_food TEXT
);
INSERT INTO pet (name, species, age, weight_in_kg, favorite_food) VALUES
  ('Pocket', 'dog', 3, 22.5, 'Kibbles & Bits'),
  ('Mittens', 'cat', 7, 8.0, 'Fancy Feast: Salmon Edition'),
  ('Mrs. Birdy III', 'bird', 22, 0.5, 'Froot Loops');

-- 1:N: a student lives in one city, a city has many students. The one foreign key
-- serves both directions.
CREATE TABLE city (
  city_id INTEGER PRIMARY KEY,
  city_name TEXT NOT NULL UNIQUE
);
INSERT INTO city (city_id, city_name) VALUES (1, 'Torino'), (2, 'Milano'), (3, 'Roma');

CREATE TABLE student (
  student_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  fk_city_of_residence INTEGER REFERENCES city (city_id)
);
INSERT INTO student (student_id, name, fk_city_of_residence) VALUES
  (1, 'Alice', 1), (2, 'Bruno', 1), (3, 'Chiara', 2), (4, 'Dario', NULL);

-- N:M: an article has several creators, a creator writes several articles. The extra
-- table holds the relationship; its key is the pair of foreign keys.
CREATE TABLE article (
  article_id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  published DATE
);
INSERT INTO article (article_id, title, published) VALUES
  (1, 'Cursors, step by step', '2024-03-01'),
  (2, 'Parametric queries', '2024-04-15'),
  (3, 'The identity map', '2024-05-20');

CREATE TABLE creator (
  creator_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO creator (creator_id, name) VALUES
  (1, 'Ada Lovelace'), (2, 'Edgar F. Codd'), (3, 'Grace Hopper');

CREATE TABLE authorship (
  article_id INTEGER NOT NULL REFERENCES article (article_id),
  creator_id INTEGER NOT NULL REFERENCES creator (creator_id),
  PRIMARY KEY (article_id, creator_id)
);
-- Edgar F. Codd (2) is a creator of two articles.
INSERT INTO authorship (article_id, creator_id) VALUES (1, 1), (1, 2), (2, 2), (3, 3);

-- Ids handed out by the database: cursor.lastrowid after an INSERT.
CREATE TABLE counter (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  label TEXT
);
INSERT INTO counter (label) VALUES ('a'), ('b'), ('c');

-- Every storage class SQLite has, and what the declared type does to a value.
CREATE TABLE datatypes (
  id INTEGER PRIMARY KEY,
  an_integer INTEGER,
  a_real REAL,
  a_text TEXT,
  a_blob BLOB,
  a_date DATE,       -- no date type in SQLite: ISO 8601 text, returned as str
  a_numeric NUMERIC, -- numeric affinity: '12.0' is stored as the integer 12
  a_boolean BOOLEAN, -- the integers 0 and 1
  anything           -- no declared type: keeps whatever it is given
);
INSERT INTO datatypes VALUES
  (1, 42, 3.141592653589793, 'Zoë ☃ 🐍', X'00FF10C3', '2024-02-29', 5500.50, 1, 'text'),
  (2, -9223372036854775808, 1e300,
   'line1' || char(10) || 'line2' || char(9) || '"quoted" and ''single''',
   X'', '2024-01-02 03:04:05', '12.0', 0, 7),
  (3, 9223372036854775807, -0.5, '', X'DEADBEEF', '1970-01-01', 'not a number', NULL, X'41'),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
