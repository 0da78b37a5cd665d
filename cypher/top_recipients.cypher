// name: top_recipients
// description: Countries and regions named as destinations of the most stated flows of qualified people (one era, or all when era is empty). Volumes are not summed here: a volume stated for several destinations together belongs to the group (see `intelmig hubs`).
// param: era STRING Era id such as stage2; empty for all eras (default: )
MATCH (f:Flow)-[:TO]->(d)
OPTIONAL MATCH (f)-[:DURING]->(e:Era)
WITH d, f, e
WHERE $era = '' OR e.id = $era
RETURN d.id AS destination, d.name_en AS name, d.kind AS level,
       count(DISTINCT f) AS flows, collect(DISTINCT f.id) AS flow_ids
ORDER BY flows DESC, destination
