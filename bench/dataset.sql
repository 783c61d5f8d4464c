-- The benchmark dataset: `big` (1,000,000 rows) and `mid` (100,000 rows), deterministic,
-- portable to MySQL and MariaDB (no sequence engine, no recursion limits: a cross join of
-- digits). About 20% of the notes are NULL; every 7th name is non-ASCII, every 13th has an emoji.
SET NAMES utf8mb4;
DROP TABLE IF EXISTS digits, big, mid;
CREATE TABLE digits (d INT PRIMARY KEY);
INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);

CREATE TABLE big (
  id INT PRIMARY KEY,
  name VARCHAR(64),
  email VARCHAR(128),
  amount DECIMAL(10,2),
  created DATETIME,
  note TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO big
SELECT n,
       CASE WHEN n % 13 = 0 THEN CONCAT('Zoë 🐍 ', n)
            WHEN n % 7 = 0 THEN CONCAT('Jürgen Straße ', n)
            ELSE CONCAT('user ', n) END,
       CONCAT('user', n, '@example.com'),
       (n * 37 % 100000) / 100,
       TIMESTAMP('2024-01-01 00:00:00') + INTERVAL n SECOND,
       CASE WHEN n % 5 = 0 THEN NULL ELSE CONCAT('note for ', n, ': ', REPEAT('x', n % 40)) END
FROM (SELECT a.d + b.d * 10 + c.d * 100 + e.d * 1000 + f.d * 10000 + g.d * 100000 + 1 AS n
      FROM digits a, digits b, digits c, digits e, digits f, digits g) AS s;

CREATE TABLE mid LIKE big;
INSERT INTO mid SELECT * FROM big WHERE id <= 100000;
DROP TABLE digits;
