// name: top_donors
// description: Countries and regions that lose the most stated flows of qualified people (donors), one era or all.
// param: era STRING Era id such as stage3; empty for all eras (default: )
MATCH (f:Flow)-[:FROM]->(o)
OPTIONAL MATCH (f)-[:DURING]->(e:Era)
WITH o, f, e
WHERE $era = '' OR e.id = $era
RETURN o.id AS origin, o.name_en AS name, o.kind AS level,
       count(DISTINCT f) AS flows, collect(DISTINCT f.id) AS flow_ids
ORDER BY flows DESC, origin
