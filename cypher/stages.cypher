// name: stages
// description: The four post-1945 stages of intellectual migration (after V.P. Maksakovsky) with their years, number of stated flows and the references behind them.
MATCH (e:Era)
WHERE e.scheme = 'maksakovsky'
OPTIONAL MATCH (f:Flow)-[:DURING]->(e)
RETURN e.ordinal AS stage, e.id AS id, e.name_en AS name, e.start_year AS start_year,
       e.end_year AS end_year, e.stated_en AS stated, count(f) AS flows, e.cites AS cites
ORDER BY stage
