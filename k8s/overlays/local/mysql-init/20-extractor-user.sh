# Sourced by the MySQL image's entrypoint at the first start, after 10-demo-orders.sql (docker_process_sql is the
# entrypoint's own function: it runs SQL as root over the socket). The extractor's user may only read the demo
# database (README "The source user"); its name and password come from the extractor-mysql Secret.
docker_process_sql <<SQL
CREATE USER IF NOT EXISTS '${EXTRACTOR_USER}'@'%' IDENTIFIED BY '${EXTRACTOR_PASSWORD}';
GRANT SELECT ON \`${MYSQL_DATABASE}\`.* TO '${EXTRACTOR_USER}'@'%';
SQL
