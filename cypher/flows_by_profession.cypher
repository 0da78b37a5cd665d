// name: flows_by_profession
// description: Which flows moved a given profession (or a member of a profession group), in which stage, from where to where.
// param: profession STRING Profession id such as engineer or nurse (default: engineer)
MATCH (p:Profession {id: $profession})
OPTIONAL MATCH (p)<-[:INCLUDES]-(g:Profession)
WITH p, collect(g.id) AS groups
MATCH (f:Flow)-[:OF_PROFESSION]->(q:Profession)
WHERE q.id = p.id OR q.id IN groups
OPTIONAL MATCH (f)-[:DURING]->(e:Era)
OPTIONAL MATCH (f)-[:FROM]->(o)
WITH f, e, q, collect(DISTINCT o.id) AS origins
OPTIONAL MATCH (f)-[:TO]->(d)
RETURN f.id AS flow, e.id AS era, q.id AS profession, origins,
       collect(DISTINCT d.id) AS destinations, f.stated_en AS stated
ORDER BY era, flow
