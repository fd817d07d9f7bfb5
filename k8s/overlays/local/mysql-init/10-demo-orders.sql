-- The demo table bin/demo makes (cli/.../DemoTable.java, shape "demo", 1,000,000 rows): ids 1.. with one gap every
-- 100 ids, columns shaped like real orders (decimal, dates, Korean text and emoji, JSON, BIGINT UNSIGNED above 2^63).
-- Run by the MySQL image at its first start, in the database MYSQL_DATABASE (demo); held against the local MariaDB
-- by the k8s module's tests. The comment is DemoTable's marker, so extractor-cli demo-table reuses the table.
CREATE TABLE demo_orders (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  customer_id INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  amount DECIMAL(12,2) NOT NULL,
  currency CHAR(3) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  note VARCHAR(255) NULL,
  is_gift TINYINT(1) NOT NULL,
  score DOUBLE NULL,
  attrs JSON NULL,
  external_ref BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='extractor demo table v1: demo 1000000';

SET SESSION time_zone = '+00:00';
CREATE TEMPORARY TABLE extractor_digits (d INT NOT NULL PRIMARY KEY);
INSERT INTO extractor_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);

INSERT INTO demo_orders
SELECT (n + FLOOR(n / 99) + 1),
       (n * 7919) % 100000 + 1,
       ELT(1 + n % 5, 'paid', 'shipped', 'pending', 'cancelled', 'refunded'),
       ROUND((n * 37) % 100000 / 100 + 0.99, 2),
       ELT(1 + n % 3, 'KRW', 'USD', 'EUR'),
       TIMESTAMPADD(MICROSECOND, (n % 1000) * 1000, TIMESTAMP('2024-01-01') + INTERVAL n SECOND),
       TIMESTAMP('2024-06-01') + INTERVAL (n % 50000000) SECOND,
       IF(n % 4 = 0, NULL, CONCAT('주문 메모 #', n, IF(n % 10 = 0, ' 선물 포장 🎁', ''))),
       n % 10 = 0,
       IF(n % 7 = 0, NULL, (n % 1000) / 7.0),
       IF(n % 3 = 0, NULL, CONCAT('{"channel": "', ELT(1 + n % 3, 'web', 'app', 'store'), '", "items": ', 1 + n % 5, '}')),
       9223372036854775808 + n * 1000
FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d AS n
      FROM extractor_digits a, extractor_digits b, extractor_digits c, extractor_digits e, extractor_digits f, extractor_digits g) s
WHERE n < 1000000;

DROP TEMPORARY TABLE extractor_digits;
