// name: top_recipients
// description: Countries and regions that receive the most stated flows of qualified people, with the stated volume bounds (one era, or all when era is empty).
// param: era STRING Era id such as stage2; empty for all eras (default: )
MATCH (f:Flow)-[:TO]->(d)
OPTIONAL MATCH (f)-[:DURING]->(e:Era)
WITH d, f, e
WHERE $era = '' OR e.id = $era
RETURN d.id AS destination, d.name_en AS name, d.kind AS level,
       count(DISTINCT f) AS flows, sum(f.low) AS low_total, sum(f.high) AS high_total,
       collect(DISTINCT f.id) AS flow_ids
ORDER BY flows DESC, destination
