-- The course's tables and rows for a MySQL/MariaDB database: the same data as the demo
-- database rowwise opens when no server is configured (src/db/sqlite/seed.sql), so every
-- lesson, script and example works on a server too.
--   rowwise setup-course shop            creates them in `shop` (refuses if one exists)
--   rowwise setup-course --replace shop  drops and recreates these tables first
--   rowwise shop < examples/sql/course.sql   the same with any client (fails if one exists)
-- The demo's `datatypes` table shows SQLite's storage classes and has no twin here.
SET NAMES utf8mb4;

CREATE TABLE user (
  id INT PRIMARY KEY,
  name VARCHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO user (id, name) VALUES (1, 'John Doe'), (2, 'Jane Smith');

-- The ORM slide's table.
CREATE TABLE pet (
  name VARCHAR(32) PRIMARY KEY,
  species VARCHAR(16),
  age INT,
  weight_in_kg DECIMAL(6,2),
  favorite_food VARCHAR(64)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO pet (name, species, age, weight_in_kg, favorite_food) VALUES
  ('Pocket', 'dog', 3, 22.5, 'Kibbles & Bits'),
  ('Mittens', 'cat', 7, 8.0, 'Fancy Feast: Salmon Edition'),
  ('Mrs. Birdy III', 'bird', 22, 0.5, 'Froot Loops');

-- 1:N: a student lives in one city, a city has many students.
CREATE TABLE city (
  city_id INT PRIMARY KEY,
  city_name VARCHAR(64) NOT NULL UNIQUE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO city (city_id, city_name) VALUES (1, 'Torino'), (2, 'Milano'), (3, 'Roma');

CREATE TABLE student (
  student_id INT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  fk_city_of_residence INT,
  FOREIGN KEY (fk_city_of_residence) REFERENCES city (city_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO student (student_id, name, fk_city_of_residence) VALUES
  (1, 'Alice', 1), (2, 'Bruno', 1), (3, 'Chiara', 2), (4, 'Dario', NULL);

-- N:M: the extra table holds the relationship; its key is the pair of foreign keys.
CREATE TABLE article (
  article_id INT PRIMARY KEY,
  title VARCHAR(128) NOT NULL,
  published DATE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO article (article_id, title, published) VALUES
  (1, 'Cursors, step by step', '2024-03-01'),
  (2, 'Parametric queries', '2024-04-15'),
  (3, 'The identity map', '2024-05-20');

CREATE TABLE creator (
  creator_id INT PRIMARY KEY,
  name VARCHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO creator (creator_id, name) VALUES
  (1, 'Ada Lovelace'), (2, 'Edgar F. Codd'), (3, 'Grace Hopper');

CREATE TABLE authorship (
  article_id INT NOT NULL,
  creator_id INT NOT NULL,
  PRIMARY KEY (article_id, creator_id),
  FOREIGN KEY (article_id) REFERENCES article (article_id),
  FOREIGN KEY (creator_id) REFERENCES creator (creator_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
-- Edgar F. Codd (2) is a creator of two articles.
INSERT INTO authorship (article_id, creator_id) VALUES (1, 1), (1, 2), (2, 2), (3, 3);

-- Ids handed out by the database: cursor.lastrowid after an INSERT.
CREATE TABLE counter (
  id INT AUTO_INCREMENT PRIMARY KEY,
  label VARCHAR(32)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO counter (label) VALUES ('a'), ('b'), ('c');
