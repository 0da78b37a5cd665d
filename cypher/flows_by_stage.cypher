// name: flows_by_stage
// description: Every stated flow of one stage: who moved (professions), from where, to where, how many in the source's own words and as numeric bounds.
// param: era STRING Era id: stage1, stage2, stage3 or stage4 (default: stage3)
MATCH (f:Flow)-[:DURING]->(e:Era {id: $era})
OPTIONAL MATCH (f)-[:FROM]->(o)
WITH f, e, collect(DISTINCT o.id) AS origins
OPTIONAL MATCH (f)-[:TO]->(d)
WITH f, e, origins, collect(DISTINCT d.id) AS destinations
OPTIONAL MATCH (f)-[:OF_PROFESSION]->(p:Profession)
RETURN f.id AS flow, origins, destinations, collect(DISTINCT p.name_en) AS professions,
       f.stated_en AS stated, f.low AS low, f.high AS high, f.mode AS mode, f.passages AS passages
ORDER BY flow
